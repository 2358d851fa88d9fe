// The kiosk's panels: bordered child windows whose fill is a scissored clear of the framebuffer
// instead of an ImGui rectangle. With software rendering (Mesa's llvmpipe) a filled rectangle costs a
// textured, blended fragment per pixel; the two panels of the interview screen alone cost ~10 ms of
// rasteriser CPU per 1920x1080 frame that way, and ~1 ms as clears (kiosk/ui/README.md, "Where a frame's time goes").
#pragma once
#include <imgui.h>

namespace kiosk::ui {

// Begins a bordered panel `size` big (ImGui::BeginChild sizes); end it with ImGui::EndChild().
bool begin_panel(const char* id, ImVec2 size);

}  // namespace kiosk::ui
