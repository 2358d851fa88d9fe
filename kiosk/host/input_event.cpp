#include "host/input_event.h"

#include <array>
#include <utility>

namespace kiosk::host {

namespace {

constexpr std::array<std::pair<DeviceKind, std::string_view>, 6> kind_names{{
    {DeviceKind::builtin_keyboard, "builtin_keyboard"},
    {DeviceKind::builtin_touchpad, "builtin_touchpad"},
    {DeviceKind::usb, "usb"},
    {DeviceKind::bluetooth, "bluetooth"},
    {DeviceKind::virtual_device, "virtual"},
    {DeviceKind::other, "other"},
}};

}  // namespace

std::string_view to_string(DeviceKind kind) {
    for (const auto& [value, name] : kind_names)
        if (value == kind) return name;
    return "other";
}

std::optional<DeviceKind> parse_device_kind(std::string_view text) {
    for (const auto& [value, name] : kind_names)
        if (name == text) return value;
    return std::nullopt;
}

std::string_view to_string(InputEventType type) {
    switch (type) {
        case InputEventType::device_added: return "device_added";
        case InputEventType::device_removed: return "device_removed";
        case InputEventType::key: return "key";
        case InputEventType::rel: return "rel";
        case InputEventType::abs: return "abs";
    }
    return "key";
}

}  // namespace kiosk::host
