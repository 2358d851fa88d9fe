#include "ledger/session_summaries.h"

#include <algorithm>

namespace kiosk::ledger {
namespace {

struct Field {
    const char* name;
    std::string SessionSummary::* member;
    bool known_after_purge;  // false: it came from a body, and retention removed the bodies
};

// Subject and operator are blanked by a purge, so they stay comparable.
constexpr Field text_fields[] = {
    {"workflow", &SessionSummary::workflow, false},
    {"subject", &SessionSummary::subject, true},
    {"operator", &SessionSummary::operator_name, true},
    {"started", &SessionSummary::started, true},
    {"ended", &SessionSummary::ended, true},
    {"recommendation", &SessionSummary::recommendation, false},
    {"decision", &SessionSummary::decision, false},
    {"decided_by", &SessionSummary::decided_by, false},
};

struct Count {
    const char* name;
    std::uint64_t SessionSummary::* member;
};

constexpr Count count_fields[] = {
    {"first_seq", &SessionSummary::first_seq},
    {"last_seq", &SessionSummary::last_seq},
    {"records", &SessionSummary::records},
};

std::string differs(const std::string& id, std::string_view field, const std::string& stored,
                    const std::string& from_records) {
    return "session " + id + ": the sessions table says " + std::string(field) + " '" + stored +
           "' but its records say '" + from_records + "'";
}

}  // namespace

void SummaryBuilder::add(const StoredRecord& stored, const Record* record) {
    const std::string& type = record ? record->type : stored.type;
    const std::string& session = record ? record->session : stored.session;
    const std::string& ts = record ? record->ts : stored.ts;
    if (type == record_type::purge && record) {
        // The purge names its sessions; their subject and operator leave the table with the content,
        // and the fields the table keeps are signed in the purge record itself ("kept").
        const auto kept = record->body.value("kept", nlohmann::json::object());
        for (const auto& id : record->body.value("sessions", nlohmann::json::array())) {
            if (!id.is_string()) continue;
            auto found = sessions_.find(id.get<std::string>());
            if (found == sessions_.end()) continue;
            auto& summary = found->second;
            summary.purged = true;
            summary.subject.clear();
            summary.operator_name.clear();
            if (auto fields = kept.find(summary.id); fields != kept.end() && fields->is_object()) {
                summary.kept_fields_signed = true;
                for (const auto& field : text_fields)
                    if (!field.known_after_purge) summary.*field.member = body_string(*fields, field.name);
            }
        }
        return;
    }
    if (session.empty()) return;
    // As the writer does: a session exists from its first session.start; records before it are not counted.
    if (type == record_type::session_start && !sessions_.contains(session)) {
        SessionSummary summary;
        summary.id = session;
        if (record) {
            summary.workflow = body_string(record->body, "workflow");
            summary.subject = body_string(record->body, "subject");
            summary.operator_name = body_string(record->body, "operator");
        }
        summary.started = ts;
        summary.first_seq = stored.seq;
        sessions_.emplace(session, std::move(summary));
    }
    auto found = sessions_.find(session);
    if (found == sessions_.end()) return;
    auto& summary = found->second;
    summary.last_seq = stored.seq;
    ++summary.records;
    if (type == record_type::recommendation && record) {
        summary.recommendation = body_string(record->body, "verdict");
    } else if (type == record_type::decision && record) {
        summary.decision = body_string(record->body, "verdict");
        summary.decided_by = body_string(record->body, "by");
    } else if (type == record_type::session_end) {
        summary.ended = ts;
        summary.status = SessionStatus::complete;
    }
}

nlohmann::json kept_after_purge(const SessionSummary& summary) {
    nlohmann::json kept = nlohmann::json::object();
    for (const auto& field : text_fields)
        if (!field.known_after_purge) kept[field.name] = summary.*field.member;
    return kept;
}

bool SummaryBuilder::needs_line(std::string_view type) { return std::ranges::find(line_types, type) != line_types.end(); }

std::optional<std::string> summary_difference(const std::map<std::string, SessionSummary>& from_records,
                                              const std::vector<SessionSummary>& stored) {
    std::set<std::string> seen;
    for (const auto& row : stored) {
        auto found = from_records.find(row.id);
        if (found == from_records.end())
            return "session " + row.id + ": in the sessions table but no record starts it";
        seen.insert(row.id);
        const auto& truth = found->second;
        if (row.purged != truth.purged)
            return differs(row.id, "purged", row.purged ? "yes" : "no", truth.purged ? "yes" : "no");
        for (const auto& field : text_fields) {
            if (truth.purged && !field.known_after_purge && !truth.kept_fields_signed) continue;
            if (row.*field.member != truth.*field.member)
                return differs(row.id, field.name, row.*field.member, truth.*field.member);
        }
        for (const auto& field : count_fields)
            if (row.*field.member != truth.*field.member)
                return differs(row.id, field.name, std::to_string(row.*field.member), std::to_string(truth.*field.member));
    }
    for (const auto& [id, summary] : from_records)
        if (!seen.contains(id)) return "session " + id + ": its records are missing from the sessions table";
    return std::nullopt;
}

}  // namespace kiosk::ledger
