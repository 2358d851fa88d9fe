// What a reviewer reads from the fleet store: every signer's sessions, one session's records, the
// agents' findings, and the device fingerprints `kiosk fleet correlate` groups. Rows are selected
// in SQL (by type, by session) and folded in C++ by the functions that read a kiosk's own ledger
// (ledger::SummaryBuilder, ledger::merge_fingerprints), so the fleet and the kiosk agree.
//
// These are views of the rows as stored. Every line they use is parsed and must agree with the
// type and session columns it is filed under (a row that does not is an error, tampered); rows
// counted but not parsed go by their columns. Whether the rows are each signer's signed, chained
// log is what `kiosk fleet verify` proves.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "fleet/pg.h"
#include "ledger/correlate.h"
#include "ledger/ledger.h"

namespace kiosk::fleet {

struct FleetSession {
    std::string signer;    // the role that pushed it
    std::string kiosk_id;  // from that signer's log.genesis
    ledger::SessionSummary summary;
};

// "SIGNER/SESSION": a session id is unique within one kiosk's log only.
std::string qualified_id(std::string_view signer, std::string_view session);
// Whether `id` names a fleet session (SIGNER/SESSION) rather than one of this kiosk's ("s-…").
bool is_qualified(std::string_view id);

nlohmann::json to_json(const FleetSession& session);

// Every session of every signer the connection may see that passes `filter`, by signer
// (enrolment order), then by first record.
Result<std::vector<FleetSession>> fleet_sessions(pg::Connection& connection, const ledger::SessionFilter& filter = {});

struct FleetSessionRecords {
    FleetSession session;
    std::vector<ledger::StoredRecord> records;  // in seq order; lines as stored (purged ones empty)
};

// Session `id` (a bare session id, or SIGNER/SESSION) in every signer's log that holds it.
Result<std::vector<FleetSessionRecords>> fleet_session(pg::Connection& connection, std::string_view id);

// An agent.scan or agent.finding record (kiosk/agent/recorder.cpp writes them).
struct AgentRecord {
    std::string signer;
    std::string kiosk_id;
    std::uint64_t seq = 0;
    std::string ts;
    std::string type;
    nlohmann::json body;
};

nlohmann::json to_json(const AgentRecord& record);

// The agents' records not purged, by signer then seq; only those at or after `since` (a
// normalised timestamp) when given.
Result<std::vector<AgentRecord>> agent_records(pg::Connection& connection, const std::optional<std::string>& since);

// Every session's fingerprint in the store, its session named SIGNER/SESSION, ready for
// ledger::correlate. Kiosks must share one fingerprint salt (keys/fingerprint.salt) for hashes
// to match across them.
Result<std::vector<ledger::SessionFingerprint>> fleet_fingerprints(pg::Connection& connection);

}  // namespace kiosk::fleet
