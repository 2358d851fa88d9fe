// Small drawing helpers the screens share, so a verdict, a finding or a gauge looks the same everywhere.
#pragma once
#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/severity.h"
#include "ui/controller.h"
#include "ui/keys.h"
#include "ui/panel.h"
#include "ui/theme.h"

namespace kiosk::ui {

// What every screen draws with.
struct Ui {
    Controller& controller;
    const Fonts& fonts;
    float scale = 1;
};

// Green for pass, clean and a physical camera; amber for review, suspicious and an unknown camera; red
// for fail, compromised, a virtual camera and a capture device.
ImVec4 verdict_colour(Verdict verdict);
ImVec4 verdict_colour(HostVerdict verdict);
ImVec4 verdict_colour(host::CameraVerdict verdict);
ImVec4 severity_colour(Severity severity);

// A filled, rounded label such as "PASS" or "HIGH".
void badge(std::string_view text, ImVec4 colour);
// A screen title with a muted one-line explanation under it.
void heading(const Ui& ui, std::string_view title, std::string_view explanation);
// A wide button that also fires on `key` when no text field is active.
bool action_button(const char* label, std::optional<Key> key = std::nullopt, float width = 0);
// Wrapped text in a colour.
void text_coloured(ImVec4 colour, std::string_view text);
// A horizontal bar for a value in [0,1] with its label; `confidence` fades it.
void gauge(std::string_view label, double value, double confidence, std::string_view detail);
// A one-line problem notice (amber), e.g. "Deepfake analysis is not available in this build".
void notice(std::string_view text);
// "PASS" for "pass": badges shout, sentences do not.
std::string upper(std::string_view text);
// A std::string text field.
bool text_field(const char* label, std::string& value, int flags = 0);

}  // namespace kiosk::ui
