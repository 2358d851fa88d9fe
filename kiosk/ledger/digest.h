// SHA-256 digests, hex and base64: the hashes the chain, the Merkle tree and the exports speak.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::ledger {

using Digest = std::array<std::uint8_t, 32>;

Digest sha256(std::string_view bytes);
std::string to_hex(std::string_view bytes);
std::string to_hex(const Digest& digest);
std::optional<Digest> digest_from_hex(std::string_view hex);
std::string to_base64(std::string_view bytes);
std::string to_base64(const Digest& digest);
// Standard base64 with padding; nullopt for anything else (whitespace included).
std::optional<std::string> from_base64(std::string_view text);
std::optional<Digest> digest_from_base64(std::string_view text);

inline std::string_view as_bytes(const Digest& digest) {
    return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

}  // namespace kiosk::ledger
