// Binding the kiosk key to a TPM 2.0. TPMs have no Ed25519, so the 32-byte Ed25519 seed is sealed:
// a keyed-hash data object created under the owner hierarchy's storage primary key. Its private
// part is encrypted by that primary key, which the TPM derives from its own seed, so the blob only
// unseals on the TPM that made it (and not after that TPM is cleared). No PCR policy: a firmware or
// kernel update would otherwise lock the kiosk out of its own ledger.
//
//   auto blob = kiosk::ledger::tpm::seal("device:/dev/tpmrm0", seed);   // keygen --tpm
//   auto secret = kiosk::ledger::tpm::unseal(tcti, *blob);              // every signature
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kiosk::ledger::tpm {

// The TPM object as the TPM returned it: its public area and its encrypted private part, both in
// the TPM's own marshalled form.
struct SealedBlob {
    std::string public_area;
    std::string private_area;

    // Text file: a comment line, then `public <base64>` and `private <base64>`.
    std::string file_text() const;
};

Result<SealedBlob> parse_blob_file(std::string_view text);

// An Ed25519 seed in libsodium's guarded, locked memory (sodium_malloc: mlocked, never swapped);
// wiped and freed on destruction.
class LockedSeed {
public:
    LockedSeed();
    ~LockedSeed();
    LockedSeed(LockedSeed&& other) noexcept;
    LockedSeed(const LockedSeed&) = delete;
    LockedSeed& operator=(const LockedSeed&) = delete;
    LockedSeed& operator=(LockedSeed&&) = delete;

    std::uint8_t* data() { return bytes_; }
    const std::uint8_t* data() const { return bytes_; }
    static constexpr std::size_t size = 32;
    bool valid() const { return bytes_ != nullptr; }

private:
    std::uint8_t* bytes_ = nullptr;
};

// `tcti` is a TCTI configuration string as tpm2-tools takes it: "device:/dev/tpmrm0",
// "swtpm:host=127.0.0.1,port=2321", "tabrmd:".
Result<SealedBlob> seal(const std::string& tcti, const LockedSeed& seed);
Result<LockedSeed> unseal(const std::string& tcti, const SealedBlob& blob);

}  // namespace kiosk::ledger::tpm
