// The keys the kiosk's shortcuts use, named apart from the window library: platform.cpp maps each to
// the key code the window backend reports, so GLFW stays in one file (as Dear ImGui keeps its backends).
#pragma once

namespace kiosk::ui {

enum class Key { enter, keypad_enter, escape, c, e, f, l, n, q, r, s, v, y, f1, f2, f3, f4, f5, f11 };

// Pressed in this frame (auto-repeat not counted). Needs the ImGui context of the frame.
bool key_pressed(Key key);
// Any key held down in this frame: input that keeps the idle sign-out away.
bool any_key_down();

}  // namespace kiosk::ui
