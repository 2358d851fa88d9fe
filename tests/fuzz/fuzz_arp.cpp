// libFuzzer: the LAN neighbour tables — /proc/net/arp and `ip -6 neigh show` lines — through their
// parsers. (read_neighbours also reads files and the IEEE registry, which would slow each run: the
// parsers are what reads outside bytes.) Seeds: tests/fixtures/watch/neighbours/*/proc/net.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "host/neighbours.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const auto& entry : kiosk::host::parse_arp_table(text))
        if (entry.family != "ipv4" || entry.mac.empty()) __builtin_trap();  // a complete entry has its MAC
    for (const auto& entry : kiosk::host::parse_ip_neigh(text))
        if (entry.family != "ipv6" || entry.mac.empty()) __builtin_trap();  // lines without lladdr are skipped
    return 0;
}
