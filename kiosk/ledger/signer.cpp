#include "ledger/signer.h"

#include <sodium.h>

#include <new>

#include "core/file_text.h"
#include "ledger/note.h"

namespace kiosk::ledger {
namespace {

// A libsodium Ed25519 secret key (seed and public key, 64 bytes) in guarded, locked memory.
class LockedSecret {
public:
    explicit LockedSecret(const tpm::LockedSeed& seed, std::array<std::uint8_t, 32>& public_key) {
        bytes_ = static_cast<std::uint8_t*>(sodium_malloc(64));
        if (!bytes_) throw std::bad_alloc();
        crypto_sign_seed_keypair(public_key.data(), bytes_, seed.data());
    }
    ~LockedSecret() { sodium_free(bytes_); }
    LockedSecret(const LockedSecret&) = delete;
    LockedSecret& operator=(const LockedSecret&) = delete;
    const std::uint8_t* data() const { return bytes_; }

private:
    std::uint8_t* bytes_ = nullptr;
};

Result<void> make_keys_dir(const std::filesystem::path& data_dir) {
    std::error_code error;
    std::filesystem::create_directories(data_dir / "keys", error);
    if (error) return fail(ErrorKind::io, "cannot create " + (data_dir / "keys").string() + ": " + error.message());
    std::filesystem::permissions(data_dir / "keys", std::filesystem::perms::owner_all, error);
    for (const auto& existing : {secret_key_path(data_dir), sealed_key_path(data_dir)})
        if (std::filesystem::exists(existing))
            return fail(existing.string() + " already exists; the ledger is bound to that key (its log.genesis names it)");
    return {};
}

Result<void> write_public_key(const std::filesystem::path& data_dir, const PublicKey& key) {
    if (auto written = write_private_file(public_key_path(data_dir), key.minisign_file(), true); !written)
        return written;
    std::error_code error;
    std::filesystem::permissions(public_key_path(data_dir), std::filesystem::perms::owner_read |
                                 std::filesystem::perms::owner_write | std::filesystem::perms::group_read |
                                 std::filesystem::perms::others_read, error);
    return {};
}

}  // namespace

std::filesystem::path secret_key_path(const std::filesystem::path& data_dir) { return data_dir / "keys" / "kiosk.key"; }
std::filesystem::path sealed_key_path(const std::filesystem::path& data_dir) { return data_dir / "keys" / "kiosk.tpm"; }
std::filesystem::path public_key_path(const std::filesystem::path& data_dir) { return data_dir / "keys" / "kiosk.pub"; }

Result<PublicKey> generate_key(const std::filesystem::path& data_dir) {
    if (auto ready = make_keys_dir(data_dir); !ready) return std::unexpected(ready.error());
    auto key = SecretKey::generate();
    if (auto written = write_private_file(secret_key_path(data_dir), key.file_text(), false); !written)
        return std::unexpected(written.error());
    if (auto written = write_public_key(data_dir, key.public_key()); !written) return std::unexpected(written.error());
    return key.public_key();
}

Result<PublicKey> generate_tpm_key(const std::filesystem::path& data_dir, const std::string& tcti) {
    if (sodium_init() < 0) return fail("libsodium could not initialise (no randomness?)");
    if (auto ready = make_keys_dir(data_dir); !ready) return std::unexpected(ready.error());
    tpm::LockedSeed seed;
    randombytes_buf(seed.data(), tpm::LockedSeed::size);
    PublicKey public_key;
    LockedSecret secret(seed, public_key.key);  // only for the public key
    randombytes_buf(public_key.key_id.data(), public_key.key_id.size());
    auto blob = tpm::seal(tcti, seed);
    if (!blob) return std::unexpected(blob.error());
    if (auto written = write_private_file(sealed_key_path(data_dir), blob->file_text(), false); !written)
        return std::unexpected(written.error());
    if (auto written = write_public_key(data_dir, public_key); !written) return std::unexpected(written.error());
    return public_key;
}

Signer::Signer(PublicKey public_key, std::optional<SecretKey> file_key, std::optional<tpm::SealedBlob> sealed,
               std::string tcti)
    : public_(public_key), file_key_(std::move(file_key)), sealed_(std::move(sealed)), tcti_(std::move(tcti)) {}

Result<Signer> Signer::load(const std::filesystem::path& data_dir, const std::string& tpm_tcti) {
    if (std::filesystem::exists(secret_key_path(data_dir))) {
        auto text = read_file_text(secret_key_path(data_dir));
        if (!text) return std::unexpected(text.error());
        auto key = SecretKey::parse_file(*text);
        if (!key) return fail(key.error(), secret_key_path(data_dir).string() + ": ");
        return Signer(key->public_key(), *key, std::nullopt, "");
    }
    if (!std::filesystem::exists(sealed_key_path(data_dir)))
        return fail("no kiosk key in " + (data_dir / "keys").string() + " (kiosk.key or kiosk.tpm)");
    auto text = read_file_text(sealed_key_path(data_dir));
    if (!text) return std::unexpected(text.error());
    auto blob = tpm::parse_blob_file(*text);
    if (!blob) return fail(blob.error(), sealed_key_path(data_dir).string() + ": ");
    auto public_text = read_file_text(public_key_path(data_dir));
    if (!public_text) return std::unexpected(public_text.error());
    auto public_key = parse_public_key(*public_text);
    if (!public_key) return fail(public_key.error(), public_key_path(data_dir).string() + ": ");
    Signer signer(*public_key, std::nullopt, *blob, tpm_tcti);
    // Unseal once now: a missing TPM or a blob from another TPM is an error at open, not at the
    // first checkpoint.
    if (auto probe = signer.sign("", "probe", "probe"); !probe) return std::unexpected(probe.error());
    return signer;
}

std::string Signer::storage() const {
    return sealed_ ? "sealed to a TPM 2.0 (keys/kiosk.tpm: a keyed-hash object under the owner storage primary key, no PCR policy)"
                   : "file keys/kiosk.key, mode 0600";
}

Result<std::string> Signer::with_secret(const std::function<std::string(const std::uint8_t* secret_key)>& use) const {
    if (file_key_) return file_key_->with_secret_key(use);
    auto seed = tpm::unseal(tcti_, *sealed_);
    if (!seed) return std::unexpected(seed.error());
    std::array<std::uint8_t, 32> derived{};
    LockedSecret secret(*seed, derived);
    if (derived != public_.key) return fail("the TPM-sealed key does not match keys/kiosk.pub");
    return use(secret.data());
}

Result<std::string> Signer::sign(std::string_view data, std::string_view trusted_comment,
                                 std::string_view untrusted_comment) const {
    return with_secret([&](const std::uint8_t* secret_key) {
        return sign_minisig(secret_key, public_.key_id, data, trusted_comment, untrusted_comment);
    });
}

Result<std::string> Signer::sign_note(std::string_view text, std::string_view name) const {
    return with_secret([&](const std::uint8_t* secret_key) {
        return std::string(text) + "\n" + note_signature_line(name, public_, ed25519_sign(secret_key, text));
    });
}

}  // namespace kiosk::ledger
