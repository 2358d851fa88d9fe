#include "ledger/digest.h"

#include <sodium.h>

namespace kiosk::ledger {

Digest sha256(std::string_view bytes) {
    Digest digest;
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return digest;
}

std::string to_hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (unsigned char byte : bytes) {
        hex.push_back(digits[byte >> 4]);
        hex.push_back(digits[byte & 0x0f]);
    }
    return hex;
}

std::string to_hex(const Digest& digest) { return to_hex(as_bytes(digest)); }

std::optional<Digest> digest_from_hex(std::string_view hex) {
    if (hex.size() != 64) return std::nullopt;
    Digest digest;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;  // lower case only: one spelling per digest
    };
    for (std::size_t i = 0; i < 32; ++i) {
        int high = nibble(hex[2 * i]), low = nibble(hex[2 * i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        digest[i] = static_cast<std::uint8_t>(high << 4 | low);
    }
    return digest;
}

std::string to_base64(std::string_view bytes) {
    std::string text(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    text.resize(text.size() - 1);  // the terminating NUL
    return text;
}

std::string to_base64(const Digest& digest) { return to_base64(as_bytes(digest)); }

std::optional<std::string> from_base64(std::string_view text) {
    std::string bytes(text.size() / 4 * 3 + 3, '\0');
    std::size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(), text.size(),
                          nullptr, &length, &end, sodium_base64_VARIANT_ORIGINAL) != 0)
        return std::nullopt;
    if (end != text.data() + text.size()) return std::nullopt;
    bytes.resize(length);
    if (to_base64(bytes) != text) return std::nullopt;  // one spelling per value (no stray padding bits)
    return bytes;
}

std::optional<Digest> digest_from_base64(std::string_view text) {
    auto bytes = from_base64(text);
    if (!bytes || bytes->size() != 32) return std::nullopt;
    Digest digest;
    std::copy(bytes->begin(), bytes->end(), digest.begin());
    return digest;
}

}  // namespace kiosk::ledger
