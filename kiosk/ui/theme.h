// The kiosk's look: DejaVu fonts scaled for the display's DPI and a calm, high-contrast dark theme.
#pragma once
#include <imgui.h>

#include "core/config.h"
#include "core/result.h"

namespace kiosk::ui {

struct Fonts {
    ImFont* body = nullptr;   // everything by default
    ImFont* bold = nullptr;   // labels, verdicts
    ImFont* title = nullptr;  // screen titles
    ImFont* huge = nullptr;   // challenge instructions and countdowns, readable from a step away
    ImFont* mono = nullptr;   // evidence: ids, hex, JSON
};

// Loads [ui] font, font_bold, font_mono at [ui] text_size × scale into ImGui's atlas; a missing font
// file is an error naming it and the Debian package that ships it.
Result<Fonts> load_fonts(const Config& config, float scale);

// Colours and spacing, scaled.
void apply_theme(float scale);

// Meaningful colours, used the same way on every screen.
namespace colour {
inline const ImVec4 text{0.93f, 0.94f, 0.95f, 1.0f};
inline const ImVec4 muted{0.62f, 0.66f, 0.71f, 1.0f};
inline const ImVec4 accent{0.36f, 0.66f, 0.96f, 1.0f};
inline const ImVec4 pass{0.35f, 0.80f, 0.47f, 1.0f};
inline const ImVec4 review{0.98f, 0.76f, 0.28f, 1.0f};
inline const ImVec4 fail{0.96f, 0.36f, 0.34f, 1.0f};
inline const ImVec4 panel{0.13f, 0.15f, 0.18f, 1.0f};
inline const ImVec4 background{0.08f, 0.09f, 0.11f, 1.0f};
}  // namespace colour

}  // namespace kiosk::ui
