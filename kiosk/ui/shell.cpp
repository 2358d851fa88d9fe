#include "ui/shell.h"

#include <GLFW/glfw3.h>

#include <ctime>

namespace kiosk::ui {
namespace {

constexpr struct {
    const char* label;
    Screen screen;
} tabs[] = {{"Home  F1", Screen::home},
            {"Interview  F2", Screen::interview},
            {"Handoff  F3", Screen::handoff},
            {"Review  F4", Screen::review}};

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
    for (int key = GLFW_KEY_SPACE; key <= GLFW_KEY_LAST; ++key)
        if (io.KeysDown[key]) {
            controller_.note_input();
            break;
        }
    if (controller_.pending_gate() != Gate::none) return;
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Q, false)) controller_.request(Gate::quit);
    if (ImGui::IsKeyPressed(GLFW_KEY_F11, false)) {
        if (platform_.fullscreen())
            controller_.request(Gate::leave_fullscreen);
        else
            platform_.set_fullscreen(true);
    }
    if (controller_.operator_name().empty()) return;
    for (int index = 0; index < 4; ++index)
        if (ImGui::IsKeyPressed(GLFW_KEY_F1 + index, false)) controller_.open(tabs[index].screen);
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
    if (auto granted = controller_.take_granted()) {
        if (*granted == Gate::quit) return false;
        platform_.set_fullscreen(false);
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
