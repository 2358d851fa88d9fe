#include "ui/widgets.h"

#include <algorithm>
#include <imgui_stdlib.h>

namespace kiosk::ui {

ImVec4 verdict_colour(Verdict verdict) {
    switch (verdict) {
        case Verdict::pass: return colour::pass;
        case Verdict::review: return colour::review;
        case Verdict::fail: return colour::fail;
    }
    return colour::review;
}

ImVec4 verdict_colour(HostVerdict verdict) {
    switch (verdict) {
        case HostVerdict::clean: return colour::pass;
        case HostVerdict::suspicious: return colour::review;
        case HostVerdict::compromised: return colour::fail;
    }
    return colour::review;
}

ImVec4 verdict_colour(host::CameraVerdict verdict) {
    switch (verdict) {
        case host::CameraVerdict::physical: return colour::pass;
        case host::CameraVerdict::unknown: return colour::review;
        case host::CameraVerdict::virtual_camera:
        case host::CameraVerdict::capture: return colour::fail;
    }
    return colour::review;
}

ImVec4 severity_colour(Severity severity) {
    switch (severity) {
        case Severity::critical:
        case Severity::high: return colour::fail;
        case Severity::medium: return colour::review;
        default: return colour::muted;
    }
}

void badge(std::string_view text, ImVec4 colour) {
    const ImVec2 padding = ImGui::GetStyle().FramePadding;
    const ImVec2 size = ImGui::CalcTextSize(text.data(), text.data() + text.size());
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 end{at.x + size.x + padding.x * 2, at.y + size.y + padding.y};
    auto* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(at, end, ImGui::GetColorU32(colour), ImGui::GetStyle().FrameRounding);
    draw->AddText({at.x + padding.x, at.y + padding.y / 2}, IM_COL32(12, 14, 18, 255), text.data(),
                  text.data() + text.size());
    ImGui::Dummy({end.x - at.x, end.y - at.y});
}

void heading(const Ui& ui, std::string_view title, std::string_view explanation) {
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextUnformatted(title.data(), title.data() + title.size());
    ImGui::PopFont();
    if (!explanation.empty()) text_coloured(colour::muted, explanation);
    ImGui::Spacing();
}

bool action_button(const char* label, std::optional<Key> key, float width) {
    bool pressed = ImGui::Button(label, {width, 0});
    if (key && !ImGui::GetIO().WantTextInput && key_pressed(*key)) pressed = true;
    return pressed;
}

void text_coloured(ImVec4 colour, std::string_view text) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

void gauge(std::string_view label, double value, double confidence, std::string_view detail) {
    const float clamped = static_cast<float>(std::clamp(value, 0.0, 1.0));
    ImVec4 fill = clamped >= 0.8f ? colour::fail : clamped >= 0.5f ? colour::review : colour::pass;
    fill.w = 0.35f + 0.65f * static_cast<float>(std::clamp(confidence, 0.0, 1.0));
    ImGui::TextUnformatted(label.data(), label.data() + label.size());
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, fill);
    const std::string overlay = std::string(detail);
    ImGui::ProgressBar(clamped, {-1, 0}, overlay.c_str());
    ImGui::PopStyleColor();
}

void notice(std::string_view text) {
    const ImVec2 padding = ImGui::GetStyle().FramePadding;
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 size = ImGui::CalcTextSize(text.data(), text.data() + text.size(), false, width - padding.x * 2);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const ImVec2 end{at.x + width, at.y + size.y + padding.y * 2};
    auto* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(at, end, IM_COL32(77, 61, 20, 255), ImGui::GetStyle().FrameRounding);
    ImGui::SetCursorScreenPos({at.x + padding.x, at.y + padding.y});
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - padding.x * 2);
    ImGui::PushStyleColor(ImGuiCol_Text, colour::review);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    ImGui::SetCursorScreenPos({at.x, end.y});
    ImGui::Dummy({width, ImGui::GetStyle().ItemSpacing.y * 0.5f});
}

std::string upper(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

bool text_field(const char* label, std::string& value, int flags) { return ImGui::InputText(label, &value, flags); }

}  // namespace kiosk::ui
