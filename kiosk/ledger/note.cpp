#include "ledger/note.h"

#include <sodium.h>

#include <cstring>

#include "ledger/digest.h"

namespace kiosk::ledger {
namespace {

constexpr std::string_view signature_prefix = "\xE2\x80\x94 ";  // U+2014 EM DASH, then a space
constexpr std::uint8_t ed25519_type = 0x01;

}  // namespace

NoteKeyId note_key_id(std::string_view name, const PublicKey& key) {
    std::string material(name);
    material += '\n';
    material += static_cast<char>(ed25519_type);
    material.append(reinterpret_cast<const char*>(key.key.data()), key.key.size());
    auto digest = sha256(material);
    NoteKeyId id;
    std::memcpy(id.data(), digest.data(), id.size());
    return id;
}

std::string note_verifier_key(std::string_view name, const PublicKey& key) {
    auto id = note_key_id(name, key);
    std::string typed(1, static_cast<char>(ed25519_type));
    typed.append(reinterpret_cast<const char*>(key.key.data()), key.key.size());
    return std::string(name) + "+" + to_hex(std::string_view(reinterpret_cast<const char*>(id.data()), id.size())) +
           "+" + to_base64(typed);
}

std::string note_signature_line(std::string_view name, const PublicKey& key, const std::array<std::uint8_t, 64>& signature) {
    auto id = note_key_id(name, key);
    std::string blob(reinterpret_cast<const char*>(id.data()), id.size());
    blob.append(reinterpret_cast<const char*>(signature.data()), signature.size());
    return std::string(signature_prefix) + std::string(name) + " " + to_base64(blob) + "\n";
}

Result<void> verify_note(std::string_view note, std::string_view text, std::string_view name, const PublicKey& key) {
    if (!note.starts_with(text) || note.substr(text.size()).substr(0, 1) != "\n")
        return fail("the signed note's text is not the checkpoint followed by a blank line");
    auto line = note.substr(text.size() + 1);
    const std::string head = std::string(signature_prefix) + std::string(name) + " ";
    if (!line.starts_with(head) || !line.ends_with('\n') || line.find('\n') != line.size() - 1)
        return fail("the signed note has no single signature line by " + std::string(name));
    auto blob = from_base64(line.substr(head.size(), line.size() - head.size() - 1));
    if (!blob || blob->size() != 68) return fail("the signed note's signature is not 68 bytes of base64");
    auto id = note_key_id(name, key);
    if (std::memcmp(blob->data(), id.data(), id.size()) != 0) return fail("the signed note is signed by another key");
    if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(blob->data() + 4),
                                    reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                    key.key.data()) != 0)
        return fail("the signed note's signature does not verify");
    return {};
}

}  // namespace kiosk::ledger
