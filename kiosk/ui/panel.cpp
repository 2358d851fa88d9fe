#include "ui/panel.h"

#include <GL/gl.h>
#include <imgui_internal.h>

#include <cmath>

#include "ui/theme.h"

namespace kiosk::ui {
namespace {

// Runs inside ImGui's OpenGL renderer with the command's clip rectangle set to the panel's inside;
// the renderer sets its own scissor again for the next command.
void clear_to_panel_colour(const ImDrawList*, const ImDrawCmd* command) {
    const ImDrawData* frame = ImGui::GetDrawData();
    const ImVec2 origin = frame->DisplayPos, scale = frame->FramebufferScale;
    const ImVec4 clip = command->ClipRect;
    const auto left = static_cast<GLint>(std::lround((clip.x - origin.x) * scale.x));
    const auto right = static_cast<GLint>(std::lround((clip.z - origin.x) * scale.x));
    const auto top = static_cast<GLint>(std::lround((clip.y - origin.y) * scale.y));
    const auto bottom = static_cast<GLint>(std::lround((clip.w - origin.y) * scale.y));
    if (right <= left || bottom <= top) return;  // scrolled out of view
    const auto framebuffer_height = static_cast<GLint>(std::lround(frame->DisplaySize.y * scale.y));
    glScissor(left, framebuffer_height - bottom, right - left, bottom - top);  // OpenGL counts rows from the bottom
    glClearColor(colour::panel.x, colour::panel.y, colour::panel.z, 1);
    glClear(GL_COLOR_BUFFER_BIT);
}

}  // namespace

bool begin_panel(const char* id, ImVec2 size) {
    const bool visible = ImGui::BeginChild(id, size, true);
    // The theme's ChildBg is transparent; fill the inside of the border Begin has just drawn.
    // Its outer rectangle clipped by the parent, not its clip rectangle, which ImGui insets by half the padding.
    const ImGuiWindow* window = ImGui::GetCurrentWindow();
    const float border = std::ceil(window->WindowBorderSize);
    const ImRect outer = window->OuterRectClipped;
    ImGui::PushClipRect({outer.Min.x + border, outer.Min.y + border}, {outer.Max.x - border, outer.Max.y - border}, false);
    window->DrawList->AddCallback(clear_to_panel_colour, nullptr);
    ImGui::PopClipRect();
    return visible;
}

}  // namespace kiosk::ui
