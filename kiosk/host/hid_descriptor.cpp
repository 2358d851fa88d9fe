#include "host/hid_descriptor.h"

#include <algorithm>

namespace kiosk::host {
namespace {

// Limits no real descriptor comes near; they bound the work a hostile one can cause.
constexpr std::size_t max_bytes = 64 * 1024;
constexpr std::size_t max_stack = 16;
constexpr std::size_t max_depth = 32;
constexpr std::size_t max_collections = 256;

constexpr std::uint16_t page_generic_desktop = 0x01;
constexpr std::uint16_t page_digitizer = 0x0D;
constexpr std::uint16_t page_consumer = 0x0C;
constexpr std::uint32_t usage_x = 0x30, usage_y = 0x31;

struct Globals {
    std::uint16_t usage_page = 0;
    std::int64_t logical_min = 0;
    std::int64_t logical_max = 0;
    std::uint32_t logical_max_raw = 0;
    std::uint8_t logical_max_size = 0;
    std::uint8_t report_id = 0;
};

struct Locals {
    std::vector<std::uint32_t> usages;  // full 32-bit usages (page << 16 | id)
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
    std::uint32_t range_min = 0;
    bool has_range_min = false;
    bool covers(std::uint32_t usage) const {
        if (std::ranges::find(usages, usage) != usages.end()) return true;
        return std::ranges::any_of(ranges, [&](auto r) { return usage >= r.first && usage <= r.second; });
    }
};

std::uint32_t unsigned_value(std::span<const std::uint8_t> data) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < data.size(); ++i) value |= static_cast<std::uint32_t>(data[i]) << (8 * i);
    return value;
}

std::int64_t signed_value(std::span<const std::uint8_t> data) {
    const auto value = unsigned_value(data);
    switch (data.size()) {
        case 1: return static_cast<std::int8_t>(value);
        case 2: return static_cast<std::int16_t>(value);
        case 4: return static_cast<std::int32_t>(value);
        default: return 0;
    }
}

std::uint32_t full_usage(std::span<const std::uint8_t> data, std::uint16_t page) {
    const auto value = unsigned_value(data);
    return data.size() == 4 ? value : (static_cast<std::uint32_t>(page) << 16) | (value & 0xFFFF);
}

// Report ids belong to the collection whose input, output or feature items use them.
void note_report_id(HidCollection* collection, std::uint8_t id) {
    if (collection && id != 0 && std::ranges::find(collection->report_ids, id) == collection->report_ids.end())
        collection->report_ids.push_back(id);
}

std::string classify(const HidCollection& c) {
    if (c.usage_page >= 0xFF00) return "vendor";
    if (c.usage_page == page_generic_desktop) {
        switch (c.usage) {
            case 0x01:
            case 0x02:
                if (c.xy_absolute && !c.xy_relative) return "absolute_pointer";
                return "mouse";
            case 0x04:
            case 0x05: return "gamepad";
            case 0x06:
            case 0x07: return "keyboard";
            case 0x80: return "system_control";
            default: return "other";
        }
    }
    if (c.usage_page == page_digitizer) {
        switch (c.usage) {
            case 0x02: return "pen";
            case 0x04: return "touchscreen";
            case 0x05: return "touchpad";
            default: return "digitizer";
        }
    }
    if (c.usage_page == page_consumer) return "consumer";
    return "other";
}

}  // namespace

std::string to_string(const HidRange& range) {
    return std::to_string(range.minimum) + ".." + std::to_string(range.maximum);
}

Result<HidDescriptor> decode_hid_descriptor(std::span<const std::uint8_t> bytes) {
    if (bytes.size() > max_bytes) return fail("HID report descriptor larger than 64 KiB");
    HidDescriptor out;
    Globals globals;
    std::vector<Globals> stack;
    Locals locals;
    std::size_t depth = 0;
    HidCollection* current = nullptr;  // the open top-level collection

    std::size_t at = 0;
    while (at < bytes.size()) {
        const std::size_t item_start = at;
        const auto prefix = bytes[at++];
        ++out.items;
        if (prefix == 0xFE) {  // long item: size, tag, data; defined by the spec but carries nothing we use
            if (at + 2 > bytes.size()) return fail("HID descriptor: long item truncated at byte " + std::to_string(item_start));
            const std::size_t size = bytes[at];
            at += 2;
            if (at + size > bytes.size())
                return fail("HID descriptor: long item runs past the end at byte " + std::to_string(item_start));
            at += size;
            continue;
        }
        const std::size_t size = (prefix & 3) == 3 ? 4 : (prefix & 3);
        if (at + size > bytes.size())
            return fail("HID descriptor: item runs past the end at byte " + std::to_string(item_start));
        const auto data = bytes.subspan(at, size);
        at += size;
        const int type = (prefix >> 2) & 3;
        const int tag = prefix >> 4;

        if (type == 1) {  // global
            switch (tag) {
                case 0: globals.usage_page = static_cast<std::uint16_t>(unsigned_value(data)); break;
                case 1: globals.logical_min = signed_value(data); break;
                case 2:
                    globals.logical_max = signed_value(data);
                    globals.logical_max_raw = unsigned_value(data);
                    globals.logical_max_size = static_cast<std::uint8_t>(size);
                    break;
                case 8: globals.report_id = static_cast<std::uint8_t>(unsigned_value(data)); break;
                case 10:
                    if (stack.size() >= max_stack) return fail("HID descriptor: push nested too deep at byte " + std::to_string(item_start));
                    stack.push_back(globals);
                    break;
                case 11:
                    if (stack.empty()) return fail("HID descriptor: pop without push at byte " + std::to_string(item_start));
                    globals = stack.back();
                    stack.pop_back();
                    break;
                default: break;  // physical range, units, report size/count: not needed to classify
            }
        } else if (type == 2) {  // local
            switch (tag) {
                case 0: locals.usages.push_back(full_usage(data, globals.usage_page)); break;
                case 1:
                    locals.range_min = full_usage(data, globals.usage_page);
                    locals.has_range_min = true;
                    break;
                case 2:
                    if (locals.has_range_min) locals.ranges.emplace_back(locals.range_min, full_usage(data, globals.usage_page));
                    locals.has_range_min = false;
                    break;
                default: break;
            }
        } else if (type == 0) {  // main
            switch (tag) {
                case 10: {  // collection
                    if (depth >= max_depth) return fail("HID descriptor: collections nested too deep at byte " + std::to_string(item_start));
                    if (depth == 0) {
                        if (out.collections.size() >= max_collections)
                            return fail("HID descriptor: too many collections at byte " + std::to_string(item_start));
                        const auto usage = locals.usages.empty() ? (static_cast<std::uint32_t>(globals.usage_page) << 16)
                                                                 : locals.usages.front();
                        HidCollection collection;
                        collection.usage_page = static_cast<std::uint16_t>(usage >> 16);
                        collection.usage = static_cast<std::uint16_t>(usage & 0xFFFF);
                        out.collections.push_back(std::move(collection));
                        current = &out.collections.back();
                    }
                    ++depth;
                    break;
                }
                case 12:  // end collection
                    if (depth == 0) return fail("HID descriptor: end collection without collection at byte " + std::to_string(item_start));
                    if (--depth == 0) current = nullptr;
                    break;
                case 8: {  // input
                    note_report_id(current, globals.report_id);
                    const auto flags = unsigned_value(data);
                    const bool constant = flags & 1, relative = flags & 4;
                    if (current && !constant) {
                        // A logical maximum written unsigned (e.g. 0xFFFF with minimum 0) means what it says.
                        auto maximum = globals.logical_max;
                        if (globals.logical_min >= 0 && maximum < globals.logical_min && globals.logical_max_size < 4)
                            maximum = globals.logical_max_raw;
                        const HidRange range{globals.logical_min, maximum};
                        const auto gx = (static_cast<std::uint32_t>(page_generic_desktop) << 16) | usage_x;
                        const auto gy = (static_cast<std::uint32_t>(page_generic_desktop) << 16) | usage_y;
                        const bool has_x = locals.covers(gx), has_y = locals.covers(gy);
                        if (has_x) current->x = range;
                        if (has_y) current->y = range;
                        if (has_x || has_y) (relative ? current->xy_relative : current->xy_absolute) = true;
                    }
                    break;
                }
                default:  // output, feature
                    if (tag == 9 || tag == 11) note_report_id(current, globals.report_id);
                    break;
            }
            locals = Locals{};
        }
        // type 3 is reserved: skipped by its declared size.
    }
    if (depth != 0) return fail("HID descriptor: " + std::to_string(depth) + " collection(s) not closed");
    for (auto& collection : out.collections) collection.kind = classify(collection);
    return out;
}

}  // namespace kiosk::host
