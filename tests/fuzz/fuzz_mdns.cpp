// libFuzzer: mDNS/DNS response datagrams (what `kiosk scan --mdns` reads from the LAN) through the
// parser, the answer extraction and the subjects the rules judge.
// Seeds: answers written by tests/host/mdns_test.cpp's builders or captured with tcpdump (README "Fuzzing").
#include <cstddef>
#include <cstdint>
#include <span>

#include "host/mdns_browse.h"
#include "host/mdns_message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto message = kiosk::host::parse_dns_message(std::span(data, size));
    if (!message) return 0;
    for (const auto& record : message->records)
        if (record.name.size() > 253 || record.data.size() > 253) __builtin_trap();  // 255 wire bytes at most
    auto answers = kiosk::host::mdns_answers(*message, "192.0.2.1");
    (void)kiosk::host::mdns_subjects(answers, {});
    (void)kiosk::host::build_dns_query(0, message->questions);
    return 0;
}
