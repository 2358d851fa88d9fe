// What the fleet store holds, read through a connection: the signers (each a login role bound to
// one ledger key) and each signer's log as a ledger::LogSource, so ledger::verify_log checks it
// exactly as `kiosk ledger verify` checks a kiosk's own ledger. Row-level security decides what a
// connection sees: an ingest role its own signer, a reviewer or administrator all of them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "fleet/pg.h"
#include "ledger/ledger.h"
#include "ledger/minisign.h"
#include "ledger/verify.h"

namespace kiosk::fleet {

struct Signer {
    std::int64_t id = 0;
    std::string role;
    ledger::PublicKey key;
    std::string kiosk_id;  // "" until its first record arrives
};

// Every signer this connection may see, in enrolment order.
Result<std::vector<Signer>> signers(pg::Connection& connection);
// The signer bound to the role this connection logged in as; nullopt for a role that is none.
Result<std::optional<Signer>> own_signer(pg::Connection& connection);

// The number of records and the newest checkpoint the store holds for a signer.
struct Holding {
    std::uint64_t records = 0;
    std::optional<ledger::SignedCheckpoint> newest_checkpoint;
};
Result<Holding> holding(pg::Connection& connection, const Signer& signer);

// One signer's records and checkpoints in the store.
class FleetLog final : public ledger::LogSource {
public:
    FleetLog(pg::Connection& connection, Signer signer) : connection_(connection), signer_(std::move(signer)) {}
    std::string kiosk_id() const override { return signer_.kiosk_id; }
    Result<std::uint64_t> size() const override;
    Result<std::vector<ledger::StoredRecord>> records(std::uint64_t from, std::uint64_t to) const override;
    Result<std::vector<ledger::Digest>> leaves(std::uint64_t size) const override;
    Result<std::vector<ledger::SignedCheckpoint>> checkpoints() const override;
    // The store keeps no unsigned session summaries: nothing beside the records to compare.
    Result<std::optional<std::vector<ledger::SessionSummary>>> stored_sessions() const override {
        return std::optional<std::vector<ledger::SessionSummary>>{};
    }

private:
    pg::Connection& connection_;
    Signer signer_;
};

}  // namespace kiosk::fleet
