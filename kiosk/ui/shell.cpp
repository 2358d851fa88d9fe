#include "ui/shell.h"

#include <ctime>

namespace kiosk::ui {
namespace {

constexpr struct {
    const char* label;
    Key key;
    Screen screen;
} tabs[] = {{"Home  F1", Key::f1, Screen::home},
            {"Interview  F2", Key::f2, Screen::interview},
            {"Handoff  F3", Key::f3, Screen::handoff},
            {"Review  F4", Key::f4, Screen::review}};

std::string clock_text() {
    const std::time_t now = std::time(nullptr);
    char text[32];
    std::strftime(text, sizeof text, "%H:%M", std::localtime(&now));
    return text;
}

}  // namespace

Shell::Shell(Controller& controller, Platform& platform) : controller_(controller), platform_(platform) {}

void Shell::shortcuts() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.InputQueueCharacters.Size > 0 || ImGui::IsMouseClicked(0) || ImGui::IsAnyItemActive()) controller_.note_input();
    if (any_key_down()) controller_.note_input();
    if (controller_.pending_gate()) return;
    if (io.KeyCtrl && key_pressed(Key::q)) controller_.request(Gate::quit);
    if (key_pressed(Key::f11)) {
        if (platform_.fullscreen())
            controller_.request(Gate::leave_fullscreen);
        else
            platform_.set_fullscreen(true);
    }
    if (controller_.operator_name().empty()) return;
    for (const auto& tab : tabs)
        if (key_pressed(tab.key)) controller_.open(tab.screen);
}

void Shell::top_bar(Ui& ui) {
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextUnformatted("Kiosk");
    ImGui::PopFont();
    if (!controller_.operator_name().empty()) {
        for (const auto& tab : tabs) {
            ImGui::SameLine();
            const bool current = controller_.screen() == tab.screen;
            if (current) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
            if (ImGui::Button(tab.label)) controller_.open(tab.screen);
            if (current) ImGui::PopStyleColor();
        }
    }
    const std::string who = controller_.operator_name().empty() ? "nobody signed in" : controller_.operator_name();
    const std::string right = clock_text() + "   " + who;
    const float buttons = ImGui::CalcTextSize("Sign out").x + ImGui::CalcTextSize("Quit  Ctrl+Q").x +
                          ImGui::GetStyle().FramePadding.x * 4 + ImGui::GetStyle().ItemSpacing.x * 3;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(right.c_str()).x - buttons);
    ImGui::AlignTextToFramePadding();
    text_coloured(colour::muted, right);
    ImGui::SameLine();
    if (!controller_.operator_name().empty() && ImGui::Button("Sign out")) controller_.sign_out();
    ImGui::SameLine();
    if (ImGui::Button("Quit  Ctrl+Q")) controller_.request(Gate::quit);
    if (!controller_.has_operators())
        notice("No operators are configured: this kiosk is unlocked and records name the operator \"unregistered\".");
    ImGui::Separator();
}

bool Shell::frame() {
    controller_.tick();
    if (platform_.take_close_request()) controller_.request(Gate::quit);
    // Each gate does only what its operator asked: the kiosk stays fullscreen unless that was the ask.
    if (auto granted = controller_.take_granted()) {
        switch (*granted) {
            case Gate::quit: return false;
            case Gate::leave_fullscreen: platform_.set_fullscreen(false); break;
        }
    }
    Ui ui{controller_, platform_.fonts(), platform_.scale()};
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    // No background: the frame is cleared to the same colour, and under a software rasteriser a
    // full-screen blended quad is a large share of the frame's cost.
    ImGui::Begin("kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground);
    shortcuts();
    top_bar(ui);
    switch (controller_.screen()) {
        case Screen::sign_in: draw_sign_in(ui, sign_in_); break;
        case Screen::home: draw_home(ui); break;
        case Screen::interview: draw_interview(ui, interview_); break;
        case Screen::handoff: draw_handoff(ui, handoff_); break;
        case Screen::review: draw_review(ui, review_); break;
    }
    draw_gate(ui, gate_);
    ImGui::End();
    return true;
}

}  // namespace kiosk::ui
