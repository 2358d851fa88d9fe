// The end of both workflows: what the kiosk recommends and why, the human's decision, and the receipt.
#include <algorithm>

#include "ui/screens.h"

namespace kiosk::ui {
namespace {

constexpr const char* verdict_names[] = {"pass", "review", "fail"};

}  // namespace

void draw_decision(Ui& ui, DecisionForm& form, std::string& message,
                   const std::optional<session::Recommendation>& recommendation, session::Workflow workflow) {
    auto& controller = ui.controller;
    begin_panel("decision", {-1, -1});
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextUnformatted("The kiosk recommends");
    ImGui::PopFont();
    if (recommendation) {
        ImGui::PushFont(ui.fonts.huge);
        badge(upper(to_string(recommendation->verdict)), verdict_colour(recommendation->verdict));
        ImGui::PopFont();
        for (const auto& reason : recommendation->reasons) text_coloured(colour::text, "• " + reason);
    }
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted(workflow == session::Workflow::interview ? "Your decision (recorded apart from the recommendation)"
                                                           : "IT sign-off (recorded apart from the recommendation)");
    ImGui::PopFont();
    auto decide = [&](const session::Decision& choice) {
        auto result = workflow == session::Workflow::interview ? controller.decide_interview(choice) : controller.sign_off(choice);
        message = result ? "" : result.error().message;
    };
    if (action_button("Confirm the recommendation  (C)", Key::c))
        decide({session::Decision::Kind::confirm, std::nullopt, "", ""});
    ImGui::Spacing();
    ImGui::TextUnformatted("Or override it with:");
    for (int index = 0; index < 3; ++index) {
        ImGui::SameLine();
        ImGui::RadioButton(verdict_names[index], &form.override_verdict, index);
    }
    ImGui::TextUnformatted("Reason");
    ImGui::SetNextItemWidth(-1);
    text_field("##reason", form.reason);
    text_coloured(colour::muted, "An override needs a reason; both are recorded with your name.");
    if (ImGui::Button("Override")) {
        decide({session::Decision::Kind::override, session::parse_verdict(verdict_names[form.override_verdict]), "",
                form.reason});
    }
    ImGui::EndChild();
}

void draw_recorded(Ui& ui, const std::string& session_id, const std::optional<session::Verdict>& decision,
                   session::Workflow workflow) {
    begin_panel("recorded", {-1, -1});
    heading(ui, "Recorded", "The session is signed into the ledger; HR can review, verify and export it.");
    ImGui::Text("Session  %s", session_id.c_str());
    if (decision) {
        ImGui::TextUnformatted("Decision");
        ImGui::SameLine();
        badge(upper(to_string(*decision)), verdict_colour(*decision));
    } else {
        text_coloured(colour::muted, "No decision: the check ended before anything was analysed.");
    }
    ImGui::Spacing();
    const bool interview = workflow == session::Workflow::interview;
    if (action_button(interview ? "New interview check  (N)" : "New device handoff  (N)", Key::n)) {
        if (interview)
            ui.controller.new_interview();
        else
            ui.controller.new_handoff();
    }
    ImGui::EndChild();
}

}  // namespace kiosk::ui
