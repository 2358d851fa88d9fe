// Session review: the sessions in the ledger (filter, sort), the groups of sessions for different
// subjects that share a device (a laptop farm's signature), one session's timeline with its signals
// and findings, verification of the chain and signatures, export, retention purge.
#include <algorithm>
#include <map>
#include <numeric>

#include "core/printable.h"
#include "ui/screens.h"

namespace kiosk::ui {
namespace {

constexpr const char* workflows[] = {"", "interview", "handoff"};
constexpr const char* verdicts[] = {"", "pass", "review", "fail"};

// A labelled filter: the label first, as people read a form left to right.
void label(const char* text) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
    ImGui::SameLine();
}

void combo(const char* label, std::string& value, std::span<const char* const> choices) {
    const char* shown = value.empty() ? "any" : value.c_str();
    ImGui::SetNextItemWidth(170);
    if (ImGui::BeginCombo(label, shown)) {
        for (const char* choice : choices)
            if (ImGui::Selectable(*choice ? choice : "any", value == choice)) value = choice;
        ImGui::EndCombo();
    }
}

void filters(Ui& ui, ReviewForm& form) {
    label("Workflow");
    combo("##workflow", form.filter.workflow, workflows);
    ImGui::SameLine();
    label("Verdict");
    combo("##verdict", form.filter.verdict, verdicts);
    ImGui::SameLine();
    label("Operator");
    ImGui::SetNextItemWidth(180 * ui.scale);
    text_field("##operator", form.filter.operator_name);
    ImGui::SameLine();
    label("Subject");
    ImGui::SetNextItemWidth(180 * ui.scale);
    text_field("##subject", form.filter.subject);
    ImGui::SameLine();
    label("Since");
    ImGui::SetNextItemWidth(170 * ui.scale);
    text_field("##since", form.filter.since);
    ImGui::SameLine();
    if (action_button("Apply  (F5)", Key::f5)) ui.controller.set_filter(form.filter);
}

// Names people typed are escaped (core/printable.h): a newline or a bidi override must not make a
// row read as another session or another verdict.
std::string column_text(const ledger::SessionSummary& s, int column) {
    switch (column) {
        case 0: return s.started;
        case 1: return s.workflow;
        case 2: return escaped(s.subject);
        case 3: return escaped(s.operator_name);
        case 4: return s.recommendation;
        case 5: return s.decision;
        default: return s.status == ledger::SessionStatus::complete ? "complete" : "incomplete";
    }
}

void sessions_table(Ui& ui) {
    auto& controller = ui.controller;
    const auto& sessions = controller.review().sessions;
    std::vector<std::size_t> order(sessions.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    constexpr ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                      ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("sessions", 7, flags, {-1, ImGui::GetContentRegionAvail().y * 0.42f})) return;
    for (const char* title : {"Started", "Workflow", "Subject", "Operator", "Kiosk said", "Human decided", "Status"})
        ImGui::TableSetupColumn(title, std::string_view(title) == "Started" ? ImGuiTableColumnFlags_DefaultSort : 0);
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableHeadersRow();
    if (auto* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
        const auto& spec = specs->Specs[0];
        std::ranges::stable_sort(order, [&](std::size_t a, std::size_t b) {
            const auto left = column_text(sessions[a], spec.ColumnIndex), right = column_text(sessions[b], spec.ColumnIndex);
            return spec.SortDirection == ImGuiSortDirection_Descending ? right < left : left < right;
        });
    }
    for (const auto index : order) {
        const auto& session = sessions[index];
        ImGui::TableNextRow();
        for (int column = 0; column < 7; ++column) {
            ImGui::TableSetColumnIndex(column);
            const std::string text(column_text(session, column));
            if (column == 0) {
                if (ImGui::Selectable((text + "##" + session.id).c_str(), controller.review().selected == session.id,
                                      ImGuiSelectableFlags_SpanAllColumns))
                    controller.select_session(session.id);
            } else if (column == 4 || column == 5) {
                const auto verdict = parse_verdict(text);  // as the ledger's table keeps it; "" when undecided
                text_coloured(verdict ? verdict_colour(*verdict) : colour::muted, text.empty() ? "—" : text);
            } else {
                ImGui::TextUnformatted(text.c_str());
            }
        }
    }
    ImGui::EndTable();
    if (sessions.empty()) text_coloured(colour::muted, "No sessions match.");
}

std::string_view evidence_title(std::string_view evidence) {
    if (evidence == "kvm") return "Same KVM device";
    if (evidence == "edid_serial") return "Same display serial (EDID)";
    return "Same LAN neighbourhood";
}

std::string evidence_explanation(const ledger::CorrelationGroup& group) {
    const auto shared = std::to_string(group.shared.size());
    if (group.evidence == "kvm")
        return "A KVM's USB identity or network address (" + shared + " salted hash(es)) was seen behind each of these hires.";
    if (group.evidence == "edid_serial")
        return "A display or capture device with the same EDID serial (" + shared + " salted hash(es)) was attached for each.";
    return shared + " LAN neighbours (salted MAC hashes) were around each of these sessions: the same room or network.";
}

// Groups of sessions for different subjects that share a device; one click opens a session.
void correlated_groups(Ui& ui) {
    auto& controller = ui.controller;
    const auto& review = controller.review();
    ImGui::PushFont(ui.fonts.bold);
    ImGui::Text("Same device behind different hires  (%zu group%s)", review.groups.size(), review.groups.size() == 1 ? "" : "s");
    ImGui::PopFont();
    if (!review.groups_problem.empty()) {
        notice("The device fingerprints could not be read: " + review.groups_problem);
        return;
    }
    if (review.groups.empty()) {
        text_coloured(colour::muted, "No KVM, display serial or LAN neighbourhood links sessions of different subjects.");
        return;
    }
    begin_panel("groups", {-1, ImGui::GetContentRegionAvail().y * 0.2f});
    int index = 0;
    for (const auto& group : review.groups) {
        ImGui::PushID(index++);
        badge(upper(evidence_title(group.evidence)), group.evidence == "neighbourhood" ? colour::review : colour::fail);
        ImGui::SameLine();
        std::string subjects;
        for (const auto& subject : group.subjects) subjects += (subjects.empty() ? "" : ", ") + escaped(subject);
        ImGui::PushFont(ui.fonts.bold);
        ImGui::TextWrapped("%zu subjects: %s", group.subjects.size(), subjects.c_str());
        ImGui::PopFont();
        text_coloured(colour::muted, evidence_explanation(group));
        for (const auto& id : group.sessions) {
            const auto summary = std::ranges::find(review.sessions, id, &ledger::SessionSummary::id);
            const std::string label =
                id + (summary != review.sessions.end() ? "  " + escaped(summary->subject) + "  " + summary->started : "");
            if (ImGui::Selectable(label.c_str(), review.selected == id)) controller.select_session(id);
        }
        if (ImGui::TreeNode("Shared hashes")) {
            ImGui::PushFont(ui.fonts.mono);
            for (const auto& hash : group.shared) ImGui::TextUnformatted(hash.c_str());
            ImGui::PopFont();
            ImGui::TreePop();
        }
        ImGui::Separator();
        ImGui::PopID();
    }
    ImGui::EndChild();
}

// The session's records in order, and every numeric check value plotted by check id.
void timeline(Ui& ui) {
    const auto& review = ui.controller.review();
    if (review.selected.empty()) {
        text_coloured(colour::muted, "Select a session to see its timeline.");
        return;
    }
    std::map<std::string, std::vector<float>> values;
    ImGui::BeginChild("records", {ImGui::GetContentRegionAvail().x * 0.6f, -1}, false);
    if (ImGui::BeginTable("timeline", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY, {-1, -1})) {
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, 60 * ui.scale);
        ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, 300 * ui.scale);
        ImGui::TableSetupColumn("What");
        ImGui::TableHeadersRow();
        for (const auto& record : review.records) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::Text("%llu", static_cast<unsigned long long>(record.seq));
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(record.ts.c_str());
            ImGui::TableSetColumnIndex(2);
            if (record.purged) {
                text_coloured(colour::muted, record.type + "  (content purged by retention; hash kept)");
                continue;
            }
            auto line = nlohmann::json::parse(record.line, nullptr, false);
            const auto body = line.is_object() ? line.value("body", nlohmann::json::object()) : nlohmann::json::object();
            std::string summary = record.type;
            if (body.contains("id") && body.contains("value"))
                summary += "  " + body["id"].get<std::string>() + " = " +
                           (body["value"].is_string() ? body["value"].get<std::string>() : body["value"].dump()) + " " +
                           body.value("unit", std::string{});
            for (const char* key : {"challenge", "step", "status", "verdict", "reason", "outcome", "kind", "by"})
                if (body.contains(key) && body[key].is_string()) summary += "  " + std::string(key) + "=" + body[key].get<std::string>();
            ImGui::TextWrapped("%s", escaped(summary).c_str());
            if (body.contains("id") && body.contains("value") && body["value"].is_number())
                values[body["id"].get<std::string>()].push_back(body["value"].get<float>());
        }
        ImGui::EndTable();
    }
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("plots", {0, -1}, false);
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted("Signals");
    ImGui::PopFont();
    if (values.empty()) text_coloured(colour::muted, "This session recorded no measured signals.");
    for (const auto& [id, series] : values)
        ImGui::PlotLines(id.c_str(), series.data(), static_cast<int>(series.size()), 0, nullptr, FLT_MAX, FLT_MAX,
                         {-1, 60 * ui.scale});
    ImGui::EndChild();
}

void ledger_actions(Ui& ui, ReviewForm& form) {
    auto& controller = ui.controller;
    if (action_button("Verify the ledger  (V)", Key::v)) controller.verify_ledger();
    if (const auto& report = controller.review().verification) {
        ImGui::SameLine();
        badge(report->ok ? "VERIFIED" : "BROKEN", report->ok ? colour::pass : colour::fail);
        text_coloured(report->ok ? colour::muted : colour::fail,
                      report->ok ? std::to_string(report->records) + " records, " + std::to_string(report->checkpoints) +
                                       " signed checkpoints, key " + report->key_id
                                 : report->problem);
    }
    ImGui::Separator();
    ImGui::SetNextItemWidth(-1);
    text_field("##export", form.export_dir);
    if (action_button("Export the selected session  (E)", Key::e)) {
        auto exported = controller.export_selected(form.export_dir);
        form.message = exported ? "" : exported.error().message;
    }
    ImGui::Separator();
    ImGui::TextUnformatted("Retention: purge sessions started before");
    ImGui::SetNextItemWidth(-1);
    text_field("##purge-before", form.purge_before);
    ImGui::TextUnformatted("Reason");
    ImGui::SetNextItemWidth(-1);
    text_field("##purge-reason", form.purge_reason);
    text_coloured(colour::muted, "The content goes; the hashes stay, so the chain still verifies. The purge is logged.");
    if (ImGui::Button("Purge")) {
        auto purged = controller.purge_before(form.purge_before, form.purge_reason);
        form.message = purged ? "" : purged.error().message;
    }
    if (!form.message.empty()) text_coloured(colour::fail, form.message);
    if (!controller.review().notice.empty()) text_coloured(colour::accent, controller.review().notice);
}

}  // namespace

void draw_review(Ui& ui, ReviewForm& form) {
    heading(ui, "Session review", "What was checked, by whom, what the kiosk recommended and what was decided.");
    const auto& review = ui.controller.review();
    if (!review.source.empty()) text_coloured(colour::muted, "Showing " + review.source);
    if (!review.message.empty()) text_coloured(colour::fail, review.message);
    if (!review.working.empty()) text_coloured(colour::accent, review.working);
    filters(ui, form);
    correlated_groups(ui);
    sessions_table(ui);
    begin_panel("detail", {ImGui::GetContentRegionAvail().x * 0.7f, -1});
    timeline(ui);
    ImGui::EndChild();
    ImGui::SameLine();
    begin_panel("actions", {0, -1});
    ledger_actions(ui, form);
    ImGui::EndChild();
}

}  // namespace kiosk::ui
