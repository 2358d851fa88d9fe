// The raw descriptors a USB device sent at enumeration (sysfs `descriptors`: the device descriptor,
// then each configuration with its interface and class descriptors). We read what sysfs does not
// show elsewhere: bcdHID of each HID interface (Linux f_hid gadgets say 1.01).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <span>

namespace kiosk::host {

struct RawUsbDescriptors {
    std::optional<std::uint16_t> bcd_usb;
    std::map<std::uint8_t, std::uint16_t> bcd_hid;  // interface number -> bcdHID (BCD, 0x0101 = 1.01)
};

// Walks the descriptor chain; stops quietly at the first malformed length (the bytes are the device's word).
RawUsbDescriptors parse_usb_descriptors(std::span<const std::uint8_t> bytes);

}  // namespace kiosk::host
