#include "cli/session_view.h"

#include <iomanip>
#include <sstream>

#include "core/printable.h"
#include "ledger/record.h"

namespace kiosk::cli {

std::string shown(const std::string& text) { return text.empty() ? "-" : escaped(text); }

std::string status_of(const ledger::SessionSummary& s) {
    return s.purged ? "purged" : s.status == ledger::SessionStatus::complete ? "complete" : "incomplete";
}

std::string session_table_header() {
    std::ostringstream out;
    out << std::left << std::setw(20) << "SESSION" << std::setw(11) << "WORKFLOW" << std::setw(26) << "STARTED"
        << std::setw(12) << "STATUS" << std::setw(11) << "RECOMMEND" << std::setw(10) << "DECISION" << std::setw(16)
        << "SUBJECT" << "OPERATOR\n";
    return out.str();
}

std::string session_table_row(const ledger::SessionSummary& s) {
    std::ostringstream out;
    out << std::left << std::setw(20) << shown(s.id) << std::setw(11) << shown(s.workflow) << std::setw(26)
        << shown(s.started) << std::setw(12) << status_of(s) << std::setw(11) << shown(s.recommendation)
        << std::setw(10) << shown(s.decision) << std::setw(16) << shown(s.subject) << shown(s.operator_name) << "\n";
    return out.str();
}

Result<nlohmann::json> record_lines(std::span<const ledger::StoredRecord> records, const std::string& id) {
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& record : records) {
        if (record.purged) {
            lines.push_back({{"seq", record.seq}, {"type", record.type}, {"purged", true},
                             {"line_sha256", ledger::to_hex(record.line_hash)}});
            continue;
        }
        auto parsed = ledger::parse_record_line(record.line);
        if (!parsed) return fail(ErrorKind::tampered, "record " + std::to_string(record.seq) + ": " + parsed.error().message);
        if (parsed->session != id)  // the row's session column is unsigned; the line says where it belongs
            return fail(ErrorKind::tampered, "record " + std::to_string(record.seq) + " is filed under session " + id +
                                                 " but its signed line names '" + parsed->session + "'");
        lines.push_back({{"seq", parsed->seq}, {"ts", parsed->ts}, {"type", parsed->type}, {"body", parsed->body}});
    }
    return lines;
}

void print_session(std::ostream& out, const ledger::SessionSummary& s, const nlohmann::json& lines) {
    out << "session " << shown(s.id) << " (" << shown(s.workflow) << ", " << status_of(s) << ")\n"
        << "  subject " << shown(s.subject) << ", operator " << shown(s.operator_name) << "\n"
        << "  started " << shown(s.started) << ", ended " << shown(s.ended) << "\n"
        << "  recommendation " << shown(s.recommendation) << ", decision " << shown(s.decision)
        << (s.decided_by.empty() ? "" : " by " + shown(s.decided_by)) << "\n";
    for (const auto& line : lines) {
        out << "  #" << line["seq"].get<std::uint64_t>() << " " << shown(line["type"].get<std::string>());
        if (line.contains("purged")) out << " (content purged)\n";
        // JSON escapes its own control characters; ensure_ascii escapes the C1 ones and DEL too.
        else out << " " << shown(line["ts"].get<std::string>()) << " " << line["body"].dump(-1, ' ', true) << "\n";
    }
}

}  // namespace kiosk::cli
