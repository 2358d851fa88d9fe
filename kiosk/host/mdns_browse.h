// The optional mDNS browse of `kiosk scan --mdns` (off by default): one-shot queries (RFC 6762 §5.1)
// for the host names and service types KVM-over-IP boxes announce, sent once to 224.0.0.251:5353 and
// ff02::fb on each multicast-capable interface, then a bounded wait for the answers. Passive: nothing
// is sent to any other host, no address is probed, and only what responders volunteer is read.
//
// Answers become subjects of kind "mdns" (judged by config/rules/mdns.toml) and the inventory list
// network.mdns; an answer whose address is also an ARP/IPv6 neighbour carries that neighbour's MAC
// vendor, so a KVM host name on a Raspberry Pi or KVM maker's board weighs more than the name alone.
#pragma once
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "host/mdns_message.h"
#include "host/subject.h"

namespace kiosk::host {

struct Reading;

// "127.0.0.1:5353" or "[::1]:5353": one responder asked by unicast (RFC 6762 §5.5) instead of the
// multicast group — a testing aid (the tests run a fake responder on localhost).
struct MdnsTarget {
    int family = 0;  // AF_INET or AF_INET6
    std::string address;
    std::uint16_t port = 0;
};
Result<MdnsTarget> parse_mdns_target(std::string_view text);

struct MdnsOptions {
    bool enabled = false;
    std::chrono::milliseconds listen{1500};
    std::optional<MdnsTarget> target;  // nullopt: the multicast group
};

// One name a responder gave, with the address it goes with: an A/AAAA record's address, else the
// responder's own. source: e.g. "A record from 192.168.8.23", "PTR _http._tcp.local from 192.168.8.23".
struct MdnsAnswer {
    std::string name, address, source;
    bool operator==(const MdnsAnswer&) const = default;
};

struct MdnsBrowse {
    std::vector<MdnsAnswer> answers;
    std::string status;  // one line: what was asked where and what came back, or "unavailable: why"
    std::size_t dropped = 0;  // distinct answers past the caps (per responder, in all): reported as truncation
};

// What the browse asks: A and AAAA for pikvm/tinypilot/nanokvm/glkvm.local, PTR for the service
// types their web UIs and SSH announce (instance names such as jetkvm-… come back in the answers).
std::vector<DnsQuestion> mdns_questions();

// The names and addresses in one response from `sender` (a query or a malformed datagram gives none).
std::vector<MdnsAnswer> mdns_answers(const DnsMessage& message, const std::string& sender);

// Sends the questions and listens for options.listen. Never fails: when no interface can send
// multicast (or the target cannot be reached) the status says so and there are no answers.
MdnsBrowse browse_mdns(const MdnsOptions& options);

// Subjects of kind "mdns", one per (name, address). Facts: mdns.name, mdns.host (the first label,
// lower case: "pikvm", "jetkvm-0a1b2c"), mdns.address, mdns.source and, when the address is one of a
// neighbour's, mdns.neighbour_mac and mdns.neighbour_vendor.
std::vector<Subject> mdns_subjects(std::span<const MdnsAnswer> answers, std::span<const Subject> neighbours);

// The scan step (inspector.cpp, after the neighbours): browses, adds the subjects,
// inventory.network.mdns [{name, address, source}] and inventory.network.mdns_status.
void read_mdns(Reading& reading, const MdnsOptions& options);

}  // namespace kiosk::host
