// What the input-behaviour detectors look at: which device produced input and when, never what was
// typed. Key presses carry no key code; pointer events carry motion only.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::host {

// Where an input device sits: the laptop's own keyboard/touchpad, or something plugged in.
enum class DeviceKind { builtin_keyboard, builtin_touchpad, usb, bluetooth, virtual_device, other };

std::string_view to_string(DeviceKind kind);
std::optional<DeviceKind> parse_device_kind(std::string_view text);

struct AxisRange {
    int min = 0;
    int max = 0;
    int span() const { return max > min ? max - min : 1; }
};

struct InputDevice {
    std::string id;    // stable within one stream, e.g. "event5"
    std::string path;  // e.g. "/dev/input/event5"
    DeviceKind kind = DeviceKind::other;
    std::string name;  // the kernel's name for it: a hint for the reader, never evidence
    bool keys = false;      // reports key presses
    bool relative = false;  // reports relative motion (a mouse)
    bool absolute = false;  // reports absolute X/Y (tablet, touchpad, KVM pointer)
    bool touch = false;     // absolute positions come from a finger or pen (touchpad, touchscreen, tablet)
    AxisRange x, y;         // absolute ranges, when `absolute`
    bool initial = false;   // present when the stream began (not attached during it)
};

enum class InputEventType { device_added, device_removed, key, rel, abs };

std::string_view to_string(InputEventType type);

struct InputEvent {
    double time = 0;  // seconds since the stream began
    InputEventType type = InputEventType::key;
    std::string device;  // InputDevice::id
    int dx = 0, dy = 0;  // rel
    int x = 0, y = 0;    // abs
    std::optional<InputDevice> added;  // device_added only
};

// A stream is the events in time order; devices are announced by their device_added event.
using InputStream = std::vector<InputEvent>;

inline bool is_input(const InputEvent& event) {
    return event.type == InputEventType::key || event.type == InputEventType::rel || event.type == InputEventType::abs;
}
inline bool is_pointer(const InputEvent& event) {
    return event.type == InputEventType::rel || event.type == InputEventType::abs;
}

}  // namespace kiosk::host
