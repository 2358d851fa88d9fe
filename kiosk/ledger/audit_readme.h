// What an export bundle tells its auditor: README.txt with the exact commands (minisign, openssl,
// sha256sum) and a short standard-library Python check of the inclusion proofs.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace kiosk::ledger::audit {

std::string readme(std::string_view kiosk, std::string_view session, std::string_view public_key_line,
                   std::string_view key_id, std::string_view note_verifier_key, std::uint64_t first_seq,
                   bool has_consistency);

extern const std::string_view verify_proofs_script;

}  // namespace kiosk::ledger::audit
