#include "ledger/minisign.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "ledger/digest.h"

namespace kiosk::ledger {
namespace {

constexpr std::string_view untrusted_prefix = "untrusted comment: ";
constexpr std::string_view trusted_prefix = "trusted comment: ";
// SubjectPublicKeyInfo DER header of an Ed25519 key (RFC 8410): the 32 key bytes follow.
constexpr std::uint8_t spki_ed25519[] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

std::string_view bytes_of(const auto& array) {
    return {reinterpret_cast<const char*>(array.data()), array.size()};
}

std::array<std::uint8_t, 64> blake2b_512(std::string_view data) {
    std::array<std::uint8_t, 64> hash;
    crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                       nullptr, 0);
    return hash;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        auto end = text.find('\n');
        if (end == std::string_view::npos) {
            lines.push_back(text);
            break;
        }
        auto line = text.substr(0, end);
        if (line.ends_with('\r')) line.remove_suffix(1);
        lines.push_back(line);
        text.remove_prefix(end + 1);
    }
    return lines;
}

std::string one_line(std::string_view text) {
    std::string line(text);
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::replace(line.begin(), line.end(), '\r', ' ');
    return line;
}

// The minisign secret-key checksum: BLAKE2b-256(sig_alg || key_id || secret key).
std::array<std::uint8_t, 32> key_checksum(const KeyId& key_id, const std::array<std::uint8_t, 64>& secret) {
    std::array<std::uint8_t, 32> checksum;
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, checksum.size());
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>("Ed"), 2);
    crypto_generichash_update(&state, key_id.data(), key_id.size());
    crypto_generichash_update(&state, secret.data(), secret.size());
    crypto_generichash_final(&state, checksum.data(), checksum.size());
    return checksum;
}

}  // namespace

std::string PublicKey::key_id_hex() const {
    std::string reversed(bytes_of(key_id));
    std::reverse(reversed.begin(), reversed.end());
    auto hex = to_hex(reversed);
    std::transform(hex.begin(), hex.end(), hex.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
    return hex;
}

std::string PublicKey::minisign_line() const {
    return to_base64("Ed" + std::string(bytes_of(key_id)) + std::string(bytes_of(key)));
}

std::string PublicKey::minisign_file() const {
    return std::string(untrusted_prefix) + "minisign public key " + key_id_hex() + "\n" + minisign_line() + "\n";
}

std::string PublicKey::pem() const {
    std::string der(reinterpret_cast<const char*>(spki_ed25519), sizeof spki_ed25519);
    der += bytes_of(key);
    return "-----BEGIN PUBLIC KEY-----\n" + to_base64(der) + "\n-----END PUBLIC KEY-----\n";
}

Result<PublicKey> parse_public_key(std::string_view text) {
    auto lines = split_lines(text);
    std::string_view line;
    if (lines.size() == 1) line = lines[0];
    else if (lines.size() == 2 && lines[0].starts_with(untrusted_prefix)) line = lines[1];
    else return fail("not a minisign public key (an untrusted comment line, then the base64 key)");
    auto bytes = from_base64(line);
    if (!bytes || bytes->size() != 42) return fail("minisign public key is not 42 bytes of base64");
    if (bytes->substr(0, 2) != "Ed") return fail("minisign public key is not an Ed25519 key");
    PublicKey key;
    std::memcpy(key.key_id.data(), bytes->data() + 2, 8);
    std::memcpy(key.key.data(), bytes->data() + 10, 32);
    return key;
}

SecretKey SecretKey::generate() {
    if (sodium_init() < 0) std::abort();  // no randomness: signing keys must not be made
    std::array<std::uint8_t, 32> seed;
    randombytes_buf(seed.data(), seed.size());
    auto key = from_seed(seed);
    randombytes_buf(key.public_.key_id.data(), key.public_.key_id.size());
    sodium_memzero(seed.data(), seed.size());
    return key;
}

SecretKey SecretKey::from_seed(const std::array<std::uint8_t, 32>& seed) {
    SecretKey key;
    crypto_sign_seed_keypair(key.public_.key.data(), key.secret_.data(), seed.data());
    // A seeded key gets a key id derived from its public key, so golden files stay stable.
    auto id = sha256(bytes_of(key.public_.key));
    std::copy_n(id.begin(), 8, key.public_.key_id.begin());
    return key;
}

SecretKey::~SecretKey() { sodium_memzero(secret_.data(), secret_.size()); }

Result<SecretKey> SecretKey::parse_file(std::string_view text) {
    auto lines = split_lines(text);
    if (lines.size() != 2 || !lines[0].starts_with(untrusted_prefix))
        return fail("not a minisign secret key file (an untrusted comment line, then the base64 key)");
    auto bytes = from_base64(lines[1]);
    if (!bytes || bytes->size() != 158) return fail("minisign secret key is not 158 bytes of base64");
    const auto* raw = reinterpret_cast<const std::uint8_t*>(bytes->data());
    if (bytes->substr(0, 2) != "Ed" || bytes->substr(4, 2) != "B2") return fail("not an Ed25519 minisign secret key");
    if (raw[2] != 0 || raw[3] != 0)
        return fail("the secret key is password-protected; the kiosk needs an unencrypted key (minisign -G -W)");
    SecretKey key;
    const std::uint8_t* keynum = raw + 54;  // after algs (6), salt (32), opslimit (8), memlimit (8)
    std::memcpy(key.public_.key_id.data(), keynum, 8);
    std::memcpy(key.secret_.data(), keynum + 8, 64);
    // minisign -W leaves the checksum of an unencrypted key zero; the kiosk writes the real one.
    auto checksum = key_checksum(key.public_.key_id, key.secret_);
    const std::array<std::uint8_t, 32> unset{};
    if (sodium_memcmp(checksum.data(), keynum + 72, 32) != 0 && sodium_memcmp(unset.data(), keynum + 72, 32) != 0)
        return fail("minisign secret key checksum does not match");
    crypto_sign_ed25519_sk_to_pk(key.public_.key.data(), key.secret_.data());
    sodium_memzero(bytes->data(), bytes->size());
    return key;
}

std::string SecretKey::file_text() const {
    std::string raw = "Ed";
    raw += std::string(2, '\0');  // no key derivation: the file itself is the secret (mode 0600)
    raw += "B2";
    raw += std::string(32 + 8 + 8, '\0');  // salt, opslimit, memlimit: unused without a KDF
    raw += bytes_of(public_.key_id);
    raw += bytes_of(secret_);
    raw += bytes_of(key_checksum(public_.key_id, secret_));
    auto text = std::string(untrusted_prefix) + "minisign unencrypted secret key (kiosk ledger)\n" + to_base64(raw) + "\n";
    sodium_memzero(raw.data(), raw.size());
    return text;
}

std::string SecretKey::sign(std::string_view data, std::string_view trusted_comment,
                            std::string_view untrusted_comment) const {
    return sign_minisig(secret_.data(), public_.key_id, data, trusted_comment, untrusted_comment);
}

std::array<std::uint8_t, 64> ed25519_sign(const std::uint8_t* secret_key, std::string_view message) {
    std::array<std::uint8_t, 64> signature;
    crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), secret_key);
    return signature;
}

std::string sign_minisig(const std::uint8_t* secret_key, const KeyId& key_id, std::string_view data,
                         std::string_view trusted_comment, std::string_view untrusted_comment) {
    auto hash = blake2b_512(data);
    std::array<std::uint8_t, 64> signature;
    crypto_sign_detached(signature.data(), nullptr, hash.data(), hash.size(), secret_key);
    const std::string comment = one_line(trusted_comment);
    std::string global_message(bytes_of(signature));
    global_message += comment;
    std::array<std::uint8_t, 64> global;
    crypto_sign_detached(global.data(), nullptr, reinterpret_cast<const unsigned char*>(global_message.data()),
                         global_message.size(), secret_key);
    return std::string(untrusted_prefix) + one_line(untrusted_comment) + "\n" +
           to_base64("ED" + std::string(bytes_of(key_id)) + std::string(bytes_of(signature))) + "\n" +
           std::string(trusted_prefix) + comment + "\n" + to_base64(bytes_of(global)) + "\n";
}

Result<Minisig> parse_minisig(std::string_view text) {
    auto lines = split_lines(text);
    if (lines.size() != 4) return fail("a .minisig has four lines, this one has " + std::to_string(lines.size()));
    if (!lines[0].starts_with(untrusted_prefix)) return fail(".minisig line 1 is not an untrusted comment");
    if (!lines[2].starts_with(trusted_prefix)) return fail(".minisig line 3 is not a trusted comment");
    auto signature = from_base64(lines[1]);
    if (!signature || signature->size() != 74) return fail(".minisig line 2 is not 74 bytes of base64");
    if (signature->substr(0, 2) == "Ed") return fail("legacy (non-prehashed) signature refused");
    if (signature->substr(0, 2) != "ED") return fail(".minisig is not an Ed25519 (ED) signature");
    auto global = from_base64(lines[3]);
    if (!global || global->size() != 64) return fail(".minisig line 4 is not 64 bytes of base64");
    Minisig minisig;
    std::memcpy(minisig.key_id.data(), signature->data() + 2, 8);
    std::memcpy(minisig.signature.data(), signature->data() + 10, 64);
    minisig.trusted_comment = std::string(lines[2].substr(trusted_prefix.size()));
    std::memcpy(minisig.global_signature.data(), global->data(), 64);
    return minisig;
}

Result<std::string> verify_minisig(std::string_view data, std::string_view minisig_text, const PublicKey& key) {
    auto minisig = parse_minisig(minisig_text);
    if (!minisig) return std::unexpected(minisig.error());
    if (minisig->key_id != key.key_id)
        return fail("signed by key " + PublicKey{minisig->key_id, {}}.key_id_hex() + ", not the pinned key " +
                    key.key_id_hex());
    auto hash = blake2b_512(data);
    if (crypto_sign_verify_detached(minisig->signature.data(), hash.data(), hash.size(), key.key.data()) != 0)
        return fail("signature does not match the signed file");
    std::string global_message(bytes_of(minisig->signature));
    global_message += minisig->trusted_comment;
    if (crypto_sign_verify_detached(minisig->global_signature.data(),
                                    reinterpret_cast<const unsigned char*>(global_message.data()),
                                    global_message.size(), key.key.data()) != 0)
        return fail("trusted comment signature does not verify (the trusted comment was edited)");
    return minisig->trusted_comment;
}

Result<void> write_private_file(const std::filesystem::path& path, std::string_view bytes, bool replace) {
    if (!replace && std::filesystem::exists(path)) return fail(path.string() + " already exists");
    auto temp = path;
    temp += ".tmp";
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return fail(ErrorKind::io, "cannot create " + temp.string() + ": " + std::strerror(errno));
    bool ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
    int saved = errno;
    ::close(fd);
    if (!ok) {
        std::filesystem::remove(temp);
        return fail(saved == ENOSPC ? ErrorKind::full : ErrorKind::io,
                    "cannot write " + temp.string() + ": " + std::strerror(saved));
    }
    std::error_code error;
    std::filesystem::rename(temp, path, error);
    if (error) return fail(ErrorKind::io, "cannot move " + temp.string() + " into place: " + error.message());
    return {};
}

}  // namespace kiosk::ledger
