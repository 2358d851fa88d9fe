// The screens name keys by ui/keys.h; platform.cpp maps each to the GLFW code Dear ImGui 1.86's GLFW
// backend reports. A key pressed by its GLFW code must fire its own Key, once, and no other.
#include <doctest/doctest.h>
#include <imgui.h>

#include <GLFW/glfw3.h>

#include <utility>
#include <vector>

#include "headless_imgui.h"
#include "ui/keys.h"

using kiosk::ui::Key;

TEST_CASE("keys: each kiosk key fires on its GLFW code once per press and on no other code") {
    kiosk::test::HeadlessImGui imgui;
    const std::vector<std::pair<Key, int>> keys = {
        {Key::enter, GLFW_KEY_ENTER}, {Key::keypad_enter, GLFW_KEY_KP_ENTER}, {Key::escape, GLFW_KEY_ESCAPE},
        {Key::c, GLFW_KEY_C},         {Key::e, GLFW_KEY_E},                   {Key::f, GLFW_KEY_F},
        {Key::l, GLFW_KEY_L},         {Key::n, GLFW_KEY_N},                   {Key::q, GLFW_KEY_Q},
        {Key::r, GLFW_KEY_R},         {Key::s, GLFW_KEY_S},                   {Key::v, GLFW_KEY_V},
        {Key::y, GLFW_KEY_Y},         {Key::f1, GLFW_KEY_F1},                 {Key::f2, GLFW_KEY_F2},
        {Key::f3, GLFW_KEY_F3},       {Key::f4, GLFW_KEY_F4},                 {Key::f5, GLFW_KEY_F5},
        {Key::f11, GLFW_KEY_F11}};
    auto& down = ImGui::GetIO().KeysDown;
    for (const auto& [key, code] : keys) {
        CAPTURE(code);
        for (auto& held : down) held = false;
        imgui.frame([] { CHECK_FALSE(kiosk::ui::any_key_down()); });
        down[code] = true;
        imgui.frame([&, key = key] {
            CHECK(kiosk::ui::any_key_down());
            for (const auto& [other, other_code] : keys) CHECK(kiosk::ui::key_pressed(other) == (other == key));
        });
        imgui.frame([key = key] { CHECK_FALSE(kiosk::ui::key_pressed(key)); });  // still held: no repeat
    }
}
