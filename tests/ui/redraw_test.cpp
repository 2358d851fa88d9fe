// The kiosk draws a frame only when it differs from the one on screen: any change in ImGui's draw data
// or a re-uploaded texture must be drawn, an identical frame must not. Runs ImGui without a window.
#include <doctest/doctest.h>
#include <imgui.h>

#include <cstdint>
#include <functional>

#include "ui/redraw.h"

namespace {

// One ImGui frame built by `content` (no renderer needed: the draw data is only compared).
class HeadlessImGui {
public:
    HeadlessImGui() {
        context_ = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = {800, 600};
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    }
    ~HeadlessImGui() { ImGui::DestroyContext(context_); }
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;

    const ImDrawData& frame(const std::function<void()>& content) {
        ImGui::GetIO().DeltaTime = 1.0f / 60;
        ImGui::NewFrame();
        ImGui::SetNextWindowPos({0, 0});
        ImGui::SetNextWindowSize({800, 600});
        ImGui::Begin("screen");
        content();
        ImGui::End();
        ImGui::Render();
        return *ImGui::GetDrawData();
    }

private:
    ImGuiContext* context_ = nullptr;
};

}  // namespace

TEST_CASE("redraw: an identical frame is not drawn again, a changed one is") {
    HeadlessImGui imgui;
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
    HeadlessImGui imgui;
    kiosk::ui::RedrawCheck check;
    auto image = [] { ImGui::Image(reinterpret_cast<ImTextureID>(std::uintptr_t{7}), {320, 180}); };
    for (int warm_up = 0; warm_up < 3; ++warm_up) check.changed(imgui.frame(image));
    CHECK_FALSE(check.changed(imgui.frame(image)));
    kiosk::ui::mark_texture_changed();  // a new video frame went into the same texture
    CHECK(check.changed(imgui.frame(image)));
    CHECK_FALSE(check.changed(imgui.frame(image)));
}
