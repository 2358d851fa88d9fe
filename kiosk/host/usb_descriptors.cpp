#include "host/usb_descriptors.h"

namespace kiosk::host {
namespace {
constexpr std::uint8_t type_device = 1, type_interface = 4, type_hid = 0x21;
}

RawUsbDescriptors parse_usb_descriptors(std::span<const std::uint8_t> bytes) {
    RawUsbDescriptors out;
    std::optional<std::uint8_t> interface;
    std::size_t at = 0;
    while (at + 2 <= bytes.size()) {
        const std::size_t length = bytes[at];
        const auto type = bytes[at + 1];
        if (length < 2 || at + length > bytes.size()) break;
        const auto d = bytes.subspan(at, length);
        if (type == type_device && at == 0 && length >= 4)
            out.bcd_usb = static_cast<std::uint16_t>(d[2] | (d[3] << 8));
        else if (type == type_interface && length >= 3)
            interface = d[2];
        else if (type == type_hid && interface && length >= 4 && !out.bcd_hid.contains(*interface))
            out.bcd_hid[*interface] = static_cast<std::uint16_t>(d[2] | (d[3] << 8));
        at += length;
    }
    return out;
}

}  // namespace kiosk::host
