// libFuzzer: USB HID report descriptors (and the raw USB descriptor chain that carries bcdHID).
// Seeds: the report_descriptor and descriptors files of tests/fixtures/host (README "Fuzzing").
#include <cstddef>
#include <cstdint>
#include <span>

#include "host/hid_descriptor.h"
#include "host/usb_descriptors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span bytes(data, size);
    if (auto hid = kiosk::host::decode_hid_descriptor(bytes)) {
        for (const auto& collection : hid->collections) {
            if (collection.kind.empty()) __builtin_trap();  // every collection is classified
            if (collection.x) (void)kiosk::host::to_string(*collection.x);
        }
    }
    (void)kiosk::host::parse_usb_descriptors(bytes);
    return 0;
}
