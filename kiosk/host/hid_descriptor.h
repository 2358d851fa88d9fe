// USB HID report descriptors: what a HID interface says it is (keyboard, relative mouse, absolute
// pointer with its coordinate range, digitizer, consumer keys, vendor channel). Linux USB gadgets
// used by KVM-over-IP boxes give themselves away here: an absolute *mouse* with 16-bit 0..32767
// (or 0..4096 on CH9329) coordinates, where genuine mice report relative motion.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace kiosk::host {

struct HidRange {
    std::int64_t minimum = 0;
    std::int64_t maximum = 0;
};

// One top-level application collection.
struct HidCollection {
    // keyboard, mouse (relative), absolute_pointer (Generic Desktop mouse/pointer with absolute X/Y),
    // touchscreen, touchpad, pen, digitizer, consumer, system_control, gamepad, vendor, other
    std::string kind;
    std::uint16_t usage_page = 0;
    std::uint16_t usage = 0;
    std::vector<std::uint8_t> report_ids;  // empty when the descriptor uses no report ids
    std::optional<HidRange> x, y;          // logical ranges of Generic Desktop X / Y inputs
    bool xy_absolute = false;
    bool xy_relative = false;
};

struct HidDescriptor {
    std::vector<HidCollection> collections;
    std::size_t items = 0;
};

// Decodes a report descriptor. Malformed descriptors (an item running past the end, pop without
// push, unbalanced collections, absurd nesting) are an Error naming the byte offset.
Result<HidDescriptor> decode_hid_descriptor(std::span<const std::uint8_t> bytes);

// "0..32767"
std::string to_string(const HidRange& range);

}  // namespace kiosk::host
