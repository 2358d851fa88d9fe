// DNS messages as mDNS carries them (RFC 1035 wire format, RFC 6762 conventions): building the
// one-shot query `kiosk scan --mdns` sends, and a bounds-checked parser for the answers that come
// back from the LAN (untrusted bytes: compression pointers must point strictly backwards, names stay
// within 255 bytes, every length is checked against the datagram).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kiosk::host {

enum class DnsType : std::uint16_t { a = 1, cname = 5, ptr = 12, txt = 16, aaaa = 28, srv = 33 };

struct DnsQuestion {
    std::string name;  // "pikvm.local" (no trailing dot)
    std::uint16_t type = 0;
};

struct DnsRecord {
    std::string name;  // owner name
    std::uint16_t type = 0;
    std::uint16_t dns_class = 0;  // without mDNS's cache-flush bit
    std::uint32_t ttl = 0;
    // A/AAAA: the address as text; PTR/CNAME: the target name; SRV: the target host; else empty.
    std::string data;
};

struct DnsMessage {
    std::uint16_t id = 0;
    bool response = false;  // the QR bit
    std::vector<DnsQuestion> questions;
    std::vector<DnsRecord> records;  // answer, authority and additional sections in wire order
};

// A standard query (class IN, QU bit clear) for `questions`; error when a name cannot be encoded
// (an empty label, a label over 63 bytes, a name over 255).
Result<std::vector<std::uint8_t>> build_dns_query(std::uint16_t id, std::span<const DnsQuestion> questions);

// Error (one line saying what is wrong and at which byte) for anything malformed or truncated.
// Label bytes outside printable ASCII, and dots inside a label, read as '?'.
Result<DnsMessage> parse_dns_message(std::span<const std::uint8_t> bytes);

std::string_view dns_type_name(std::uint16_t type);  // "A", "AAAA", "PTR", "SRV", "CNAME", "TXT" or "other"

}  // namespace kiosk::host
