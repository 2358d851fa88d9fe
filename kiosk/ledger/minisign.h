// Ed25519 signatures in minisign's prehashed ("ED") format, made with libsodium, so that the stock
// `minisign -Vm` and `openssl pkeyutl -verify -rawin` verify them:
//
//   untrusted comment: <text>                       (not signed; never read by the verifier)
//   base64("ED" || key_id[8] || Ed25519(BLAKE2b-512(file))[64])
//   trusted comment: <text>
//   base64(Ed25519(signature[64] || trusted comment text)[64])
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kiosk::ledger {

using KeyId = std::array<std::uint8_t, 8>;

struct PublicKey {
    KeyId key_id{};
    std::array<std::uint8_t, 32> key{};

    // minisign shows key ids as 16 hex digits of the bytes in reverse order.
    std::string key_id_hex() const;
    // base64("Ed" || key_id || key): the `-P` argument of minisign.
    std::string minisign_line() const;
    // The minisign public key file (two lines).
    std::string minisign_file() const;
    // SubjectPublicKeyInfo PEM, for openssl.
    std::string pem() const;
    bool operator==(const PublicKey&) const = default;
};

// Reads a minisign public key: the file's text (two lines) or the bare base64 line.
Result<PublicKey> parse_public_key(std::string_view text);

class SecretKey {
public:
    static SecretKey generate();
    static SecretKey from_seed(const std::array<std::uint8_t, 32>& seed);  // fixed keys for golden tests
    // minisign's unencrypted secret key file (`minisign -G -W` layout), so `minisign -S -s` can use it.
    static Result<SecretKey> parse_file(std::string_view text);
    std::string file_text() const;

    SecretKey(const SecretKey&) = default;
    SecretKey& operator=(const SecretKey&) = default;
    ~SecretKey();

    const PublicKey& public_key() const { return public_; }

    // The four-line .minisig for `data`. Comments must be one line each.
    std::string sign(std::string_view data, std::string_view trusted_comment,
                     std::string_view untrusted_comment = "signature from kiosk ledger key") const;
    // Lends the 64-byte libsodium secret key to `use` (signers that hold a key elsewhere share this).
    template <typename Use>
    auto with_secret_key(Use&& use) const {
        return use(static_cast<const std::uint8_t*>(secret_.data()));
    }

private:
    SecretKey() = default;
    PublicKey public_;
    std::array<std::uint8_t, 64> secret_{};
};

// The .minisig for `data` made with a 64-byte libsodium Ed25519 secret key held by the caller (a
// file key, or one unsealed into locked memory for this one signature).
std::string sign_minisig(const std::uint8_t* secret_key, const KeyId& key_id, std::string_view data,
                         std::string_view trusted_comment, std::string_view untrusted_comment);

// A plain Ed25519 signature over `message` with a 64-byte libsodium secret key.
std::array<std::uint8_t, 64> ed25519_sign(const std::uint8_t* secret_key, std::string_view message);

struct Minisig {
    KeyId key_id{};
    std::array<std::uint8_t, 64> signature{};
    std::string trusted_comment;
    std::array<std::uint8_t, 64> global_signature{};
};

// Parses a .minisig; refuses legacy ("Ed") signatures like `minisign -H`.
Result<Minisig> parse_minisig(std::string_view text);

// Verifies `data` against a .minisig with the pinned key: key id, file signature, trusted comment.
// Returns the trusted comment.
Result<std::string> verify_minisig(std::string_view data, std::string_view minisig_text, const PublicKey& key);

// Writes a file with mode 0600 atomically (temp file + rename); refuses to replace an existing one
// unless `replace`.
Result<void> write_private_file(const std::filesystem::path& path, std::string_view bytes, bool replace);

}  // namespace kiosk::ledger
