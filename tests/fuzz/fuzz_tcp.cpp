// libFuzzer: /proc/net/tcp and tcp6 (listening sockets: a VNC or RDP port open) through read_sockets
// from a scratch root, since the line parser is not exported by kiosk/host.
// Seeds: tests/fixtures/host/*/proc/net/tcp* (README "Fuzzing").
#include <cstddef>
#include <cstdint>

#include "fuzz_host_root.h"
#include "host/reading.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    kiosk::fuzz::write_under_root("proc/net/tcp", data, size);
    kiosk::fuzz::write_under_root("proc/net/tcp6", data, size);
    kiosk::host::Reading reading{kiosk::fuzz::scratch_root(), {}, {}};
    (void)kiosk::host::read_sockets(reading);  // the file is there and readable: what it holds is the input
    for (const auto& socket : reading.subjects) {
        if (socket.kind == "inventory") continue;  // a table cut at its size cap says so
        const auto port = std::get<std::int64_t>(socket.facts.at("socket.port"));
        if (socket.kind != "socket" || port < 0 || port > 65535) __builtin_trap();  // a TCP port
    }
    (void)reading.inventory.dump();
    return 0;
}
