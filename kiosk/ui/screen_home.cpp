// Home: the three workflows and the kiosk's own health.
#include "ui/screens.h"

namespace kiosk::ui {
namespace {

struct Workflow {
    const char* title;
    const char* who;
    const char* what;
    const char* button;
    Key key;
    Screen screen;
};

constexpr Workflow workflows[] = {
    {"Interview check", "Recruiter",
     "Is the face on the call a live, unmanipulated person? Analyses a camera, the call's window, a stream or a "
     "recording; runs active challenges; recommends with reasons.",
     "Start interview check  (F2)", Key::f2, Screen::interview},
    {"Device handoff", "IT",
     "Is this laptop driven from somewhere else? Inspects USB, displays, cameras, input devices and software for "
     "KVM-over-IP, capture and remote-control tools; IT signs off.",
     "Start device handoff  (F3)", Key::f3, Screen::handoff},
    {"Session review", "HR",
     "Can the record be trusted? Lists and filters sessions, plots their signals, verifies the signed chain and "
     "exports the bundle an auditor checks with standard tools.",
     "Review sessions  (F4)", Key::f4, Screen::review},
};

}  // namespace

void draw_home(Ui& ui) {
    auto& controller = ui.controller;
    heading(ui, "What do you need to check?", "Choose a workflow. Every step is recorded in the signed ledger.");
    const float health_width = 560 * ui.scale;
    const float cards_width = ImGui::GetContentRegionAvail().x - health_width - ImGui::GetStyle().ItemSpacing.x;
    ImGui::BeginGroup();
    const float card_height = 200 * ui.scale;
    for (const auto& workflow : workflows) {
        begin_panel(workflow.title, {cards_width, card_height});
        ImGui::PushFont(ui.fonts.title);
        ImGui::TextUnformatted(workflow.title);
        ImGui::PopFont();
        ImGui::SameLine();
        text_coloured(colour::muted, std::string("for ") + workflow.who);
        text_coloured(colour::text, workflow.what);
        if (action_button(workflow.button, workflow.key)) controller.open(workflow.screen);
        ImGui::EndChild();
    }
    ImGui::EndGroup();
    ImGui::SameLine();
    begin_panel("health", {health_width, card_height * 3 + ImGui::GetStyle().ItemSpacing.y * 2});
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextUnformatted("Kiosk health");
    ImGui::PopFont();
    for (const auto& item : controller.health()) {
        ImGui::Separator();
        badge(item.ok ? "OK" : "CHECK", item.ok ? colour::pass : colour::review);
        ImGui::SameLine();
        ImGui::PushFont(ui.fonts.bold);
        ImGui::TextUnformatted(item.label.c_str());
        ImGui::PopFont();
        text_coloured(colour::muted, item.detail);
    }
    ImGui::Spacing();
    if (action_button("Refresh")) controller.refresh_health();
    ImGui::EndChild();
}

}  // namespace kiosk::ui
