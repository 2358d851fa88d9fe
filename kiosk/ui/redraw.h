// Whether a frame needs drawing. With software rendering a 1920x1080 frame costs the rasteriser
// ~14 ms of CPU; the kiosk draws only frames that differ from the one on screen, so a screen that is
// not changing (home, a form, a finished session) leaves the two cores to capture and analysis.
#pragma once
#include <imgui.h>

#include <vector>

namespace kiosk::ui {

class RedrawCheck {
public:
    // True when `frame` differs from the frame last passed here (vertices, indices, commands, textures,
    // clipping, size) or a texture's pixels changed since (mark_texture_changed).
    bool changed(const ImDrawData& frame);

private:
    std::vector<char> last_, current_;
};

// Texture uploads are invisible in ImGui's draw data: whoever re-uploads a texture's pixels says so.
void mark_texture_changed();

}  // namespace kiosk::ui
