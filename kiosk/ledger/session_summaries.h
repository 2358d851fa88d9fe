// Session summaries rebuilt from the record lines, which the checkpoints sign. The `sessions` table
// is an unsigned copy kept for listing; `verify` and `list`/`show` hold it against these, so an
// edited row is reported as tampering and never shown as if it were true.
#pragma once
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/ledger.h"
#include "ledger/record.h"

namespace kiosk::ledger {

// Folds records, in seq order, into summaries by the same rules the writer keeps the table by.
class SummaryBuilder {
public:
    // `record` is the parsed line; null when retention purged it or it was not read (below), and
    // then the row's columns (type, session, time) stand in for it.
    void add(const StoredRecord& stored, const Record* record);
    // The record types whose lines hold summary fields; a reader in a hurry (listing) parses only
    // these and counts the rest by their columns, which verify holds against the lines.
    static constexpr std::array<std::string_view, 5> line_types{record_type::session_start, record_type::recommendation,
                                                                record_type::decision, record_type::session_end,
                                                                record_type::purge};
    static bool needs_line(std::string_view type);
    const std::map<std::string, SessionSummary>& summaries() const { return sessions_; }

private:
    std::map<std::string, SessionSummary> sessions_;
};

// The summary fields that come from record bodies (workflow, recommendation, decision, decided_by),
// which a purge removes: the retention.purge record carries them signed, so the table's copy stays
// checkable after the bodies are gone.
nlohmann::json kept_after_purge(const SessionSummary& summary);

// One line naming the first session and field where `stored` (the table) differs from
// `from_records`, or a session only one of them has; nullopt when they agree. A purged session's
// body fields are compared when its purge record signed them ("kept"); purges written before that
// signed nothing, so those fields go unchecked.
// Whether the records themselves are true only verify can say; the caller adds which it is.
std::optional<std::string> summary_difference(const std::map<std::string, SessionSummary>& from_records,
                                              const std::vector<SessionSummary>& stored);

}  // namespace kiosk::ledger
