// The kiosk key: where it is stored (a 0600 minisign key file, or sealed to a TPM), making it, and
// signing with it.
//
//   auto signer = kiosk::ledger::Signer::load(data_dir, "device:/dev/tpmrm0");
//   auto minisig = signer->sign(checkpoint_text, trusted_comment, untrusted_comment);
#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "ledger/minisign.h"
#include "ledger/tpm.h"

namespace kiosk::ledger {

// keys/kiosk.key (0600, minisign's unencrypted secret key layout), keys/kiosk.tpm (0600, the key
// sealed to a TPM; see tpm.h) and keys/kiosk.pub in data_dir. A kiosk has one of the first two.
std::filesystem::path secret_key_path(const std::filesystem::path& data_dir);
std::filesystem::path sealed_key_path(const std::filesystem::path& data_dir);
std::filesystem::path public_key_path(const std::filesystem::path& data_dir);

// Makes the kiosk key as a file; refuses when a key exists (the ledger is bound to its key by log.genesis).
Result<PublicKey> generate_key(const std::filesystem::path& data_dir);
// Makes the kiosk key and seals it to the TPM reached through `tcti`; the secret never touches the disk.
Result<PublicKey> generate_tpm_key(const std::filesystem::path& data_dir, const std::string& tcti);

class Signer {
public:
    // Loads keys/kiosk.key, else keys/kiosk.tpm; a sealed key is unsealed once here to check it
    // belongs to this TPM and matches keys/kiosk.pub.
    static Result<Signer> load(const std::filesystem::path& data_dir, const std::string& tpm_tcti);

    const PublicKey& public_key() const { return public_; }
    bool tpm_bound() const { return sealed_.has_value(); }
    // How the key is kept, for log.genesis.
    std::string storage() const;

    // A file key signs from memory; a sealed key is unsealed into locked memory, signs and is wiped.
    Result<std::string> sign(std::string_view data, std::string_view trusted_comment,
                             std::string_view untrusted_comment) const;
    // `text` as a C2SP signed note signed under `name` (see note.h).
    Result<std::string> sign_note(std::string_view text, std::string_view name) const;

private:
    Signer(PublicKey public_key, std::optional<SecretKey> file_key, std::optional<tpm::SealedBlob> sealed,
           std::string tcti);
    // Runs `use` with the 64-byte secret key, from memory for a file key, else unsealed into locked
    // memory and wiped afterwards.
    Result<std::string> with_secret(const std::function<std::string(const std::uint8_t* secret_key)>& use) const;
    PublicKey public_;
    std::optional<SecretKey> file_key_;
    std::optional<tpm::SealedBlob> sealed_;
    std::string tcti_;
};

}  // namespace kiosk::ledger
