// Pushing a ledger to the fleet store: the records and signed checkpoints the store does not hold
// yet, keyed by (signer key, seq), through the one ingest function, in batches that each commit
// whole. Pushing again sends nothing; a push after being offline catches up from where the store
// stopped; a push killed mid-batch left that batch out entirely, and the next push sends it.
#pragma once
#include <cstdint>
#include <optional>
#include <span>

#include "core/config.h"
#include "core/result.h"
#include "fleet/pg.h"
#include "ledger/checkpoint.h"
#include "ledger/ledger.h"

namespace kiosk::fleet {

struct PushResult {
    std::uint64_t pushed = 0;           // records the store took now
    std::uint64_t already_present = 0;  // records of this ledger the store held before
    std::uint64_t checkpoints_pushed = 0;
    std::optional<std::uint64_t> high_water;  // the highest seq the store holds for this signer
};

nlohmann::json to_json(const PushResult& result);

// Pushes `ledger` through a connection logged in as the role enrolled for its key. Refuses
// (tampered) a ledger signed by another key than the role's, one holding fewer records than the
// store (rolled back), and a checkpoint whose signature does not verify with the bound key.
Result<PushResult> push(pg::Connection& connection, const ledger::Ledger& ledger, std::size_t batch_records = 2000);

// What the kiosk does after each session and the agent after each record: pushes `ledger` when a
// fleet is configured (KIOSK_FLEET_URL or [fleet] url), and says nothing (nullopt) when none is. An
// error never loses anything locally: the next push catches up.
Result<std::optional<PushResult>> push_to_configured(const Config& config, const ledger::Ledger& ledger);

// One call of the ingest function: these records (in seq order) and checkpoints, all or none. The
// server checks them; tests send forged ones through here.
Result<PushResult> ingest(pg::Connection& connection, std::span<const ledger::StoredRecord> records,
                          std::span<const ledger::SignedCheckpoint> checkpoints);

}  // namespace kiosk::fleet
