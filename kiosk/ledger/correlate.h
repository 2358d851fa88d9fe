// The same device behind several hires: given each session's fingerprint (host/fingerprint.h), the
// groups of sessions for *different* subjects that share a KVM, an EDID serial or a LAN
// neighbourhood — the signature of a laptop farm. correlate() is pure; session_fingerprints() reads
// its input from the ledger (for `kiosk ledger correlate` and the HR review screen).
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace kiosk::ledger {

struct SessionFingerprint {
    std::string session;  // session id
    std::string subject;  // the hire's reference in the HR system
    std::map<std::string, std::set<std::string>> hashes;  // "kvm_usb", "kvm_mac", "edid_serial", "neighbour_mac"
};

// Reads the fingerprint JSON a session recorded; anything but lists of hex strings under the known
// keys is an error (a ledger body is outside bytes like any other).
Result<SessionFingerprint> parse_fingerprint(std::string session, std::string subject, const nlohmann::json& fingerprint);

struct CorrelationGroup {
    std::string evidence;               // "kvm", "edid_serial" or "neighbourhood"
    std::vector<std::string> sessions;  // sorted
    std::vector<std::string> subjects;  // sorted, at least two different ones
    std::vector<std::string> shared;    // the hashes that link them, sorted
};

struct CorrelateOptions {
    // A single shared neighbour is usually the office router; a neighbourhood is several.
    std::size_t min_shared_neighbours = 2;
};

// Sessions are linked when they belong to different subjects and share at least one KVM hash
// (kvm_usb or kvm_mac), one EDID serial hash, or min_shared_neighbours neighbour hashes; each group
// is one connected set of linked sessions per kind of evidence. Sessions of one subject alone never
// form a group. Ordered by evidence, then first session.
std::vector<CorrelationGroup> correlate(std::span<const SessionFingerprint> sessions, const CorrelateOptions& options = {});

nlohmann::json to_json(const CorrelationGroup& group);

struct SessionSummary;
struct StoredRecord;
// The fingerprints `fingerprint_records` (session.fingerprint rows of one log) hold for `sessions`,
// merged per session, in the order of `sessions`; purged rows are skipped. A line that does not
// parse, is not the fingerprint of the session its row is filed under, or holds a malformed body
// is an error naming its record.
Result<std::vector<SessionFingerprint>> merge_fingerprints(std::span<const SessionSummary> sessions,
                                                            std::span<const StoredRecord> fingerprint_records);

class Ledger;
// Every session's session.fingerprint records in `store` (the body, or its "fingerprint" member),
// merged per session; a malformed body is an error naming its record.
Result<std::vector<SessionFingerprint>> session_fingerprints(const Ledger& store);

}  // namespace kiosk::ledger
