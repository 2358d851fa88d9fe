// A checkpoint: the signed statement "this kiosk's log had SIZE records with Merkle root ROOT".
// Text in the C2SP checkpoint style, one field per line, that a person can read:
//
//   kiosk-7f3a/kiosk-log/v1
//   1337
//   <base64 root>
//   prev <hex SHA-256 of the previous checkpoint text, or "none">
//   time 2026-01-31T14:05:00.000Z
//
// It is signed with the kiosk key as a .minisig whose trusted comment repeats kiosk, size, root
// and prev, so `minisign -Vm checkpoint.txt` shows what was signed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "ledger/digest.h"

namespace kiosk::ledger {

struct Checkpoint {
    std::string kiosk;
    std::uint64_t size = 0;
    Digest root{};
    std::optional<Digest> prev;  // none for the first checkpoint
    std::string time;

    std::string text() const;
    std::string trusted_comment() const;
};

Result<Checkpoint> parse_checkpoint(std::string_view text);

struct SignedCheckpoint {
    Checkpoint checkpoint;
    std::string text;     // exact bytes that were signed
    std::string minisig;  // the .minisig file
};

}  // namespace kiosk::ledger
