// The kiosk draws a frame only when it differs from the one on screen: any change in ImGui's draw data
// or a re-uploaded texture must be drawn, an identical frame must not. Runs ImGui without a window.
#include <doctest/doctest.h>
#include <imgui.h>

#include <cstdint>

#include "headless_imgui.h"
#include "ui/redraw.h"

TEST_CASE("redraw: an identical frame is not drawn again, a changed one is") {
    kiosk::test::HeadlessImGui imgui;
    kiosk::ui::RedrawCheck check;
    auto text = [](const char* what) { return [what] { ImGui::TextUnformatted(what); }; };
    CHECK(check.changed(imgui.frame(text("analysed 19.2 frames/s"))));   // nothing on screen yet
    CHECK(check.changed(imgui.frame(text("analysed 19.2 frames/s"))));   // ImGui lays a new window out over two frames
    CHECK_FALSE(check.changed(imgui.frame(text("analysed 19.2 frames/s"))));
    CHECK_FALSE(check.changed(imgui.frame(text("analysed 19.2 frames/s"))));
    CHECK(check.changed(imgui.frame(text("analysed 19.3 frames/s"))));    // one glyph differs
    CHECK_FALSE(check.changed(imgui.frame(text("analysed 19.3 frames/s"))));
    // Same glyphs, other colour: only the vertex colours change.
    CHECK(check.changed(imgui.frame([] { ImGui::TextColored({1, 0, 0, 1}, "analysed 19.3 frames/s"); })));
}

TEST_CASE("redraw: a re-uploaded texture makes an otherwise identical frame drawn, once") {
    kiosk::test::HeadlessImGui imgui;
    kiosk::ui::RedrawCheck check;
    auto image = [] { ImGui::Image(reinterpret_cast<ImTextureID>(std::uintptr_t{7}), {320, 180}); };
    for (int warm_up = 0; warm_up < 3; ++warm_up) check.changed(imgui.frame(image));
    CHECK_FALSE(check.changed(imgui.frame(image)));
    kiosk::ui::mark_texture_changed();  // a new video frame went into the same texture
    CHECK(check.changed(imgui.frame(image)));
    CHECK_FALSE(check.changed(imgui.frame(image)));
}
