// A Dear ImGui context without a window or renderer, for tests of what the screens build: draw
// data to compare, keys as the backend reports them.
#pragma once
#include <imgui.h>

#include <functional>

namespace kiosk::test {

// One ImGui frame built by `content` (no renderer needed: the draw data is only compared, and the
// keys are whatever the test set in io.KeysDown before the frame).
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

}  // namespace kiosk::test
