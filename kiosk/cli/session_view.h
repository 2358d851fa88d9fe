// How sessions read from a ledger are shown: `kiosk ledger list|show` for the kiosk's own, and
// `kiosk fleet list|show` for those in the fleet store. Every value from a record is escaped.
#pragma once
#include <nlohmann/json.hpp>
#include <ostream>
#include <span>
#include <string>

#include "core/result.h"
#include "ledger/ledger.h"

namespace kiosk::cli {

// A value for a person to read: escaped (core/printable.h), so a subject with a newline cannot
// forge a row; "-" when empty.
std::string shown(const std::string& text);
std::string status_of(const ledger::SessionSummary& summary);

// The columns of a session listing, and one session's row (each ends with a newline).
std::string session_table_header();
std::string session_table_row(const ledger::SessionSummary& summary);

// The records of session `id` as JSON objects {seq, ts, type, body} ({seq, type, purged,
// line_sha256} for purged ones). A line that does not parse or names another session (the row's
// session column is unsigned) is a tampered error.
Result<nlohmann::json> record_lines(std::span<const ledger::StoredRecord> records, const std::string& id);

// The session's summary and its record lines as `kiosk ledger show` prints them.
void print_session(std::ostream& out, const ledger::SessionSummary& summary, const nlohmann::json& lines);

}  // namespace kiosk::cli
