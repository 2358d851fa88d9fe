#include "fleet/review.h"

#include <algorithm>
#include <functional>
#include <span>

#include "ledger/record.h"
#include "ledger/session_summaries.h"

namespace kiosk::fleet {
namespace {

// One record row and the signer that pushed it.
struct Row {
    std::int64_t signer_id = 0;
    std::string signer;
    std::string kiosk_id;
    ledger::StoredRecord stored;  // line empty when purged or not selected
};

// Rows of `where`, by signer then seq; `line` is the SQL for the line column (NULL where the
// caller does not need the line, to keep the transfer small).
Result<std::vector<Row>> read_rows(pg::Connection& connection, std::string_view line, std::string_view where,
                                   const std::vector<pg::Param>& params) {
    auto rows = connection.query(
        "SELECT s.role_name, coalesce(s.kiosk_id, ''), r.signer_id, r.seq, r.type, coalesce(r.session, ''), r.ts, "
        "r.line IS NULL, " + std::string(line) +
            " FROM kiosk_fleet.records r JOIN kiosk_fleet.signers s ON s.id = r.signer_id WHERE " + std::string(where) +
            " ORDER BY r.signer_id, r.seq",
        params);
    if (!rows) return std::unexpected(rows.error());
    std::vector<Row> found;
    found.reserve(static_cast<std::size_t>(rows->size()));
    for (int row = 0; row < rows->size(); ++row) {
        Row next;
        next.signer = rows->text(row, 0);
        next.kiosk_id = rows->text(row, 1);
        next.signer_id = rows->integer(row, 2);
        next.stored.seq = static_cast<std::uint64_t>(rows->integer(row, 3));
        next.stored.type = rows->text(row, 4);
        next.stored.session = rows->text(row, 5);
        next.stored.ts = rows->text(row, 6);
        next.stored.purged = rows->text(row, 7) == "t";
        if (!rows->is_null(row, 8)) next.stored.line = rows->bytes(row, 8);
        found.push_back(std::move(next));
    }
    return found;
}

// Calls `each` with the rows of one signer at a time.
Result<void> for_each_signer(std::span<const Row> rows, const std::function<Result<void>(std::span<const Row>)>& each) {
    for (std::size_t begin = 0; begin < rows.size();) {
        auto end = begin;
        while (end < rows.size() && rows[end].signer_id == rows[begin].signer_id) ++end;
        if (auto done = each(rows.subspan(begin, end - begin)); !done) return done;
        begin = end;
    }
    return {};
}

// The row's line, parsed; it must say the type and session its (unsigned) columns file it under.
Result<ledger::Record> checked_line(const Row& row) {
    const auto where = "signer " + row.signer + " record " + std::to_string(row.stored.seq);
    auto record = ledger::parse_record_line(row.stored.line);
    if (!record) return fail(ErrorKind::tampered, where + ": " + record.error().message + " (run kiosk fleet verify)");
    if (record->type != row.stored.type || record->session != row.stored.session)
        return fail(ErrorKind::tampered, where + " is filed as " + row.stored.type + " of session '" + row.stored.session +
                                             "' but its signed line says " + record->type + " of '" + record->session +
                                             "' (run kiosk fleet verify)");
    return record;
}

// Folds one signer's rows into session summaries, parsing the rows that carry a line.
Result<ledger::SummaryBuilder> summaries_of(std::span<const Row> rows) {
    ledger::SummaryBuilder builder;
    for (const auto& row : rows) {
        if (row.stored.purged || row.stored.line.empty()) {
            builder.add(row.stored, nullptr);
            continue;
        }
        auto record = checked_line(row);
        if (!record) return std::unexpected(record.error());
        builder.add(row.stored, &*record);
    }
    return builder;
}

std::vector<ledger::SessionSummary> by_first_record(const std::map<std::string, ledger::SessionSummary>& summaries) {
    std::vector<ledger::SessionSummary> ordered;
    for (const auto& [id, summary] : summaries) ordered.push_back(summary);
    std::ranges::sort(ordered, {}, &ledger::SessionSummary::first_seq);
    return ordered;
}

// A text[] parameter of record types.
template <typename Names>
pg::Param type_list(const Names& names) {
    return pg::text_array(std::vector<std::optional<std::string>>(std::begin(names), std::end(names)));
}

}  // namespace

bool is_qualified(std::string_view id) { return id.find('/') != std::string_view::npos; }

std::string qualified_id(std::string_view signer, std::string_view session) {
    return std::string(signer) + "/" + std::string(session);
}

nlohmann::json to_json(const FleetSession& session) {
    auto json = ledger::to_json(session.summary);
    json["signer"] = session.signer;
    json["kiosk"] = session.kiosk_id;
    return json;
}

Result<std::vector<FleetSession>> fleet_sessions(pg::Connection& connection, const ledger::SessionFilter& filter) {
    constexpr auto line_types = ledger::SummaryBuilder::line_types;
    auto rows = read_rows(connection, "CASE WHEN r.type = ANY($1::text[]) THEN r.line END",
                          "r.session IS NOT NULL OR r.type = $2",
                          {type_list(line_types), std::string(ledger::record_type::purge)});
    if (!rows) return std::unexpected(rows.error());
    std::vector<FleetSession> found;
    auto folded = for_each_signer(*rows, [&](std::span<const Row> signer_rows) -> Result<void> {
        auto builder = summaries_of(signer_rows);
        if (!builder) return std::unexpected(builder.error());
        for (auto& summary : by_first_record(builder->summaries()))
            if (ledger::matches(filter, summary))
                found.push_back(FleetSession{signer_rows.front().signer, signer_rows.front().kiosk_id, std::move(summary)});
        return {};
    });
    if (!folded) return std::unexpected(folded.error());
    return found;
}

Result<std::vector<FleetSessionRecords>> fleet_session(pg::Connection& connection, std::string_view id) {
    std::optional<std::string> signer;
    std::string session(id);
    if (auto slash = id.find('/'); slash != std::string_view::npos) {
        signer = std::string(id.substr(0, slash));
        session = std::string(id.substr(slash + 1));
    }
    // The session's records and the purges that may name it, in the logs that hold it.
    auto rows = read_rows(connection, "r.line",
                          "(r.session = $1 OR r.type = $2) AND ($3::text IS NULL OR s.role_name = $3) "
                          "AND r.signer_id IN (SELECT signer_id FROM kiosk_fleet.records WHERE session = $1)",
                          {session, std::string(ledger::record_type::purge), signer});
    if (!rows) return std::unexpected(rows.error());
    std::vector<FleetSessionRecords> found;
    auto folded = for_each_signer(*rows, [&](std::span<const Row> signer_rows) -> Result<void> {
        auto builder = summaries_of(signer_rows);
        if (!builder) return std::unexpected(builder.error());
        auto summary = builder->summaries().find(session);
        if (summary == builder->summaries().end()) return {};  // records filed under it, but no session.start
        FleetSessionRecords held{{signer_rows.front().signer, signer_rows.front().kiosk_id, summary->second}, {}};
        for (const auto& row : signer_rows)
            if (row.stored.session == session) held.records.push_back(row.stored);
        found.push_back(std::move(held));
        return {};
    });
    if (!folded) return std::unexpected(folded.error());
    return found;
}

nlohmann::json to_json(const AgentRecord& record) {
    return {{"signer", record.signer}, {"kiosk", record.kiosk_id}, {"seq", record.seq},
            {"ts", record.ts},         {"type", record.type},      {"body", record.body}};
}

Result<std::vector<AgentRecord>> agent_records(pg::Connection& connection, const std::optional<std::string>& since) {
    constexpr std::string_view agent_types[] = {ledger::record_type::agent_scan, ledger::record_type::agent_finding};
    auto rows = read_rows(connection, "r.line", "r.type = ANY($1::text[]) AND r.line IS NOT NULL AND ($2::text IS NULL OR r.ts >= $2)",
                          {type_list(agent_types), since});
    if (!rows) return std::unexpected(rows.error());
    std::vector<AgentRecord> found;
    for (const auto& row : *rows) {
        auto record = checked_line(row);
        if (!record) return std::unexpected(record.error());
        found.push_back(AgentRecord{row.signer, row.kiosk_id, record->seq, record->ts, record->type, std::move(record->body)});
    }
    return found;
}

Result<std::vector<ledger::SessionFingerprint>> fleet_fingerprints(pg::Connection& connection) {
    // The session.start records name the subjects, purges blank them; the fingerprints go to
    // ledger::merge_fingerprints as `kiosk ledger correlate` reads them.
    constexpr std::string_view fingerprint_types[] = {ledger::record_type::session_start, ledger::record_type::purge,
                                                      ledger::record_type::fingerprint};
    auto rows = read_rows(connection, "r.line", "r.type = ANY($1::text[])",
                          {type_list(fingerprint_types)});
    if (!rows) return std::unexpected(rows.error());
    std::vector<ledger::SessionFingerprint> found;
    auto folded = for_each_signer(*rows, [&](std::span<const Row> signer_rows) -> Result<void> {
        std::vector<Row> starts;
        std::vector<ledger::StoredRecord> fingerprints;
        for (const auto& row : signer_rows) {
            if (row.stored.type == ledger::record_type::fingerprint) fingerprints.push_back(row.stored);
            else starts.push_back(row);
        }
        auto builder = summaries_of(starts);
        if (!builder) return std::unexpected(builder.error());
        auto merged = ledger::merge_fingerprints(by_first_record(builder->summaries()), fingerprints);
        if (!merged) return fail(merged.error(), "signer " + signer_rows.front().signer + ": ");
        for (auto& fingerprint : *merged) {
            fingerprint.session = qualified_id(signer_rows.front().signer, fingerprint.session);
            found.push_back(std::move(fingerprint));
        }
        return {};
    });
    if (!folded) return std::unexpected(folded.error());
    return found;
}

}  // namespace kiosk::fleet
