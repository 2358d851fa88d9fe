// One ledger record: a single JSON line, stored and hashed as its exact bytes (never re-serialised).
//
//   {"v":1,"seq":42,"prev":"sha256:<hex>","ts":"2026-01-31T14:03:07.123Z","kiosk":"kiosk-7f3a",
//    "type":"check.result","session":"s-…"|null,"nonce":"<base64 16 bytes>","body":{…}}
//
// seq is the record's 0-based index (= its Merkle leaf index); prev is SHA-256 of the previous
// record's line bytes (no LF), and of "kiosk-log/v1 genesis <kiosk id>" for record 0.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "ledger/digest.h"

namespace kiosk::ledger {

inline constexpr int record_version = 1;

// The record types the kiosk writes (kiosk/ledger/README.md describes the record format).
namespace record_type {
inline constexpr std::string_view genesis = "log.genesis";
inline constexpr std::string_view checkpoint_ref = "checkpoint.ref";
inline constexpr std::string_view purge = "retention.purge";
inline constexpr std::string_view session_start = "session.start";
inline constexpr std::string_view consent = "session.consent";
inline constexpr std::string_view step = "session.step";          // one step's outcome: ran / skipped + reason
inline constexpr std::string_view check = "check.result";         // one check: id, version, value, threshold, finding
inline constexpr std::string_view challenge = "challenge.result";
inline constexpr std::string_view fingerprint = "session.fingerprint";
inline constexpr std::string_view recommendation = "session.recommendation";
inline constexpr std::string_view decision = "session.decision";
inline constexpr std::string_view session_end = "session.end";
// kiosk-agent's own ledger (kiosk/agent): a scan whose findings changed, and each finding of its watch.
inline constexpr std::string_view agent_scan = "agent.scan";
inline constexpr std::string_view agent_finding = "agent.finding";
}  // namespace record_type

struct Record {
    int version = 0;
    std::uint64_t seq = 0;
    Digest prev{};
    std::string ts;
    std::string kiosk;
    std::string type;
    std::string session;  // "" when the record belongs to no session
    nlohmann::json body;  // an object
};

// Parses one line (without its LF). Hostile input: any deviation is one clear error, never a crash.
Result<Record> parse_record_line(std::string_view line);

// Builds the exact bytes of a record line (no LF). `nonce` is 16 random bytes.
std::string make_record_line(std::uint64_t seq, const Digest& prev, std::string_view ts, std::string_view kiosk,
                             std::string_view type, std::string_view session, std::string_view nonce,
                             const nlohmann::json& body);

Digest genesis_prev(std::string_view kiosk_id);

// A string field of a record body; "" when it is absent or not a string.
std::string body_string(const nlohmann::json& body, const char* key);

// RFC 3339 UTC with milliseconds, e.g. "2026-01-31T14:03:07.123Z".
std::string utc_timestamp(std::chrono::system_clock::time_point when);
// Accepts "YYYY-MM-DD" or a full timestamp as above; the comparable "YYYY-MM-DDTHH:MM:SS.mmmZ" form.
Result<std::string> normalise_date(std::string_view text);

}  // namespace kiosk::ledger
