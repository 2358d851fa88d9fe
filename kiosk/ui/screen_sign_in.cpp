// Sign-in (name + PIN), and the PIN prompt that guards quitting and leaving fullscreen.
#include "ui/screens.h"

namespace kiosk::ui {
namespace {

// A centred panel `width` wide.
bool begin_centred_panel(const char* id, float width, float height) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::SetCursorPos({ImGui::GetCursorPosX() + (avail.x - width) / 2, ImGui::GetCursorPosY() + avail.y * 0.12f});
    return begin_panel(id, {width, height});
}

void pin_fields(Ui& ui, SignInForm& form, bool focus_pin) {
    ImGui::TextUnformatted("Operator");
    ImGui::SetNextItemWidth(-1);
    if (!focus_pin && ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    text_field("##name", form.name);
    ImGui::TextUnformatted("PIN");
    ImGui::SetNextItemWidth(-1);
    if (focus_pin && ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    text_field("##pin", form.pin, ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CharsDecimal);
    if (ui.controller.checking_pin()) text_coloured(colour::muted, "Checking the PIN…");
    if (!ui.controller.sign_in_message().empty()) text_coloured(colour::fail, ui.controller.sign_in_message());
}

}  // namespace

void draw_sign_in(Ui& ui, SignInForm& form) {
    auto& controller = ui.controller;
    const float width = 720 * ui.scale;
    if (begin_centred_panel("sign-in", width, 560 * ui.scale)) {
        heading(ui, "Sign in", "Interview checks, device handoffs and session reviews are recorded under your name.");
        if (!controller.has_operators()) {
            notice("No operators are configured on this kiosk.");
            text_coloured(colour::text,
                          "Anyone can use it and quit it, and its records name the operator \"unregistered\". To "
                          "require a PIN, add an operator:\n  kiosk operator add NAME --config /etc/kiosk/kiosk.toml");
            ImGui::Spacing();
            if (action_button("Continue without sign-in  (Enter)", Key::enter, -1)) controller.continue_unregistered();
        } else {
            pin_fields(ui, form, false);
            ImGui::Spacing();
            const bool enter = key_pressed(Key::enter) || key_pressed(Key::keypad_enter);
            if (ImGui::Button("Sign in  (Enter)", {-1, 0}) || enter) {
                controller.sign_in(form.name, form.pin);
                form.pin.clear();
            }
        }
    }
    ImGui::EndChild();
}

void draw_gate(Ui& ui, SignInForm& form) {
    auto& controller = ui.controller;
    const auto gate = controller.pending_gate();
    if (!gate) return;
    if (!ImGui::IsPopupOpen("Operator PIN")) {
        form.name = controller.operator_name() == "unregistered" ? "" : controller.operator_name();
        form.pin.clear();
        ImGui::OpenPopup("Operator PIN");
    }
    const ImVec2 centre = ImGui::GetMainViewport()->GetCenter();
    ImGui::SetNextWindowPos(centre, ImGuiCond_Always, {0.5f, 0.5f});
    ImGui::SetNextWindowSize({640 * ui.scale, 0});
    if (ImGui::BeginPopupModal("Operator PIN", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize)) {
        text_coloured(colour::text, *gate == Gate::quit ? "Quitting the kiosk needs an operator's PIN."
                                                       : "Leaving fullscreen needs an operator's PIN.");
        pin_fields(ui, form, !form.name.empty());
        const bool enter = key_pressed(Key::enter) || key_pressed(Key::keypad_enter);
        if (ImGui::Button("Unlock  (Enter)") || enter) {
            controller.unlock(form.name, form.pin);
            form.pin.clear();
        }
        ImGui::SameLine();
        if (ImGui::Button("Cancel  (Esc)") || key_pressed(Key::escape)) controller.cancel_gate();
        if (!controller.pending_gate()) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

}  // namespace kiosk::ui
