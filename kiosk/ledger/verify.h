// Whole-ledger verification: every record line parses, seq runs 0..n-1, the hash chain links,
// every record names this kiosk, the Merkle root of every checkpoint matches, every checkpoint's
// signature verifies with the pinned key, checkpoints chain (prev) and are all referenced, and the
// unsigned copies (each row's type, session and time columns, the sessions table) say what the
// lines say (session_summaries.h).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "ledger/checkpoint.h"
#include "ledger/ledger.h"
#include "ledger/minisign.h"

namespace kiosk::ledger {

struct VerifyOptions {
    // The key from the HR/IT registry. Unset: keys/kiosk.pub, which must match log.genesis.
    std::optional<PublicKey> pinned_key = {};
    // The last checkpoint an auditor saw: the ledger must contain it (rollback and fork defence).
    std::optional<Checkpoint> known_checkpoint = {};
};

struct VerifyReport {
    bool ok = false;
    std::uint64_t records = 0;
    std::uint64_t checkpoints = 0;
    std::uint64_t purged = 0;
    std::uint64_t signed_records = 0;        // covered by a verified checkpoint; the rest await the next one
    std::optional<std::uint64_t> first_bad;  // seq of the first bad record, when one is to blame
    std::string problem;                     // one line: what is wrong and where
    ErrorKind problem_kind = ErrorKind::tampered;  // tampered, or why the ledger could not be read
    std::string key_id;                      // of the key the checkpoints verified with
};

nlohmann::json to_json(const VerifyReport& report);

// One signer's log as verification reads it: the kiosk's own ledger, or a copy the fleet store
// holds (kiosk/fleet), so both are checked by the same walk.
class LogSource {
public:
    virtual ~LogSource() = default;
    virtual std::string kiosk_id() const = 0;
    virtual Result<std::uint64_t> size() const = 0;
    virtual Result<std::vector<StoredRecord>> records(std::uint64_t from, std::uint64_t to) const = 0;  // [from, to)
    virtual Result<std::vector<Digest>> leaves(std::uint64_t size) const = 0;
    virtual Result<std::vector<SignedCheckpoint>> checkpoints() const = 0;
    // The unsigned session summaries kept beside the records for listing; nullopt where the store
    // keeps none (then there is nothing to hold against the records).
    virtual Result<std::optional<std::vector<SessionSummary>>> stored_sessions() const = 0;
};

VerifyReport verify_ledger(const Ledger& ledger, const VerifyOptions& options = {});
// `key` is the signer's key (options.pinned_key is not read).
VerifyReport verify_log(const LogSource& log, const PublicKey& key, const VerifyOptions& options = {});

}  // namespace kiosk::ledger
