// libFuzzer: the input-device list /proc/bus/input/devices (keyboards, mice, absolute mice of KVMs)
// through read_input from a scratch root, since the block parser is not exported by kiosk/host.
// Seeds: tests/fixtures/host/*/proc/bus/input/devices (README "Fuzzing").
#include <cstddef>
#include <cstdint>

#include "fuzz_host_root.h"
#include "host/reading.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    kiosk::fuzz::write_under_root("proc/bus/input/devices", data, size);
    kiosk::host::Reading reading{kiosk::fuzz::scratch_root(), {}, {}};
    (void)kiosk::host::read_input(reading);  // the file is there and readable: what it holds is the input
    for (const auto& device : reading.subjects)
        if (device.kind != "input" && device.kind != "inventory") __builtin_trap();
    (void)reading.inventory.dump();  // names from the file are made printable, so JSON never throws
    return 0;
}
