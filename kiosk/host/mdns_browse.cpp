#include "host/mdns_browse.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <map>
#include <set>

#include "host/owned_fd.h"
#include "host/facts.h"
#include "host/reading.h"

namespace kiosk::host {
namespace {

constexpr FactSpec mdns_facts[] = {
    {"mdns.name", FactType::text, "the name as answered, `pikvm.local`"},
    {"mdns.host", FactType::text, "its first label, lower case, `pikvm`"},
    {"mdns.address", FactType::text, "the address answered for it"},
    {"mdns.source", FactType::text, "`A record from …`, `PTR _http._tcp.local from …`"},
    {"mdns.neighbour_mac", FactType::text, "the MAC of that address in the ARP/IPv6 neighbour table"},
    {"mdns.neighbour_vendor", FactType::text, "that neighbour's `neighbour.vendor`"},
};

constexpr std::uint16_t mdns_port = 5353;
constexpr const char* mdns_group_v4 = "224.0.0.251";
constexpr const char* mdns_group_v6 = "ff02::fb";
constexpr int mdns_hop_limit = 255;            // RFC 6762 §11: responders ignore anything else
constexpr std::size_t max_interfaces = 8;      // a laptop has a few; bounds the queries sent
constexpr std::size_t max_answers = 256;       // bounds what a chatty LAN can add to a report
constexpr std::size_t max_answers_per_responder = 16;  // so one flooding responder cannot crowd out another
constexpr std::size_t max_datagram = 9000;     // RFC 6762 §17: the largest mDNS message

constexpr std::array kvm_host_names{"pikvm.local", "tinypilot.local", "nanokvm.local", "glkvm.local"};
constexpr std::array kvm_service_types{"_http._tcp.local", "_https._tcp.local", "_ssh._tcp.local",
                                       "_workstation._tcp.local"};

OwnedFd udp_socket(int family) { return OwnedFd(::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0)); }

struct Interface {
    std::string name;
    unsigned index = 0;
    bool ipv4 = false, ipv6 = false;
};

std::vector<Interface> multicast_interfaces() {
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return {};
    std::map<std::string, Interface> by_name;
    for (auto* entry = list; entry; entry = entry->ifa_next) {
        const auto flags = entry->ifa_flags;
        if (!entry->ifa_addr || !(flags & IFF_UP) || !(flags & IFF_MULTICAST) || (flags & IFF_LOOPBACK)) continue;
        const auto family = entry->ifa_addr->sa_family;
        if (family != AF_INET && family != AF_INET6) continue;
        auto& interface = by_name[entry->ifa_name];
        interface.name = entry->ifa_name;
        interface.index = if_nametoindex(entry->ifa_name);
        (family == AF_INET ? interface.ipv4 : interface.ipv6) = true;
    }
    freeifaddrs(list);
    std::vector<Interface> out;
    for (auto& [name, interface] : by_name)
        if (interface.index && out.size() < max_interfaces) out.push_back(std::move(interface));
    return out;
}

sockaddr_in ipv4_endpoint(const std::string& address, std::uint16_t port) {
    sockaddr_in out{};
    out.sin_family = AF_INET;
    out.sin_port = htons(port);
    inet_pton(AF_INET, address.c_str(), &out.sin_addr);
    return out;
}

sockaddr_in6 ipv6_endpoint(const std::string& address, std::uint16_t port, unsigned scope) {
    sockaddr_in6 out{};
    out.sin6_family = AF_INET6;
    out.sin6_port = htons(port);
    out.sin6_scope_id = scope;
    inet_pton(AF_INET6, address.c_str(), &out.sin6_addr);
    return out;
}

template <typename Endpoint>
bool send_to(const OwnedFd& socket, std::span<const std::uint8_t> query, const Endpoint& endpoint) {
    return ::sendto(socket.get(), query.data(), query.size(), 0, reinterpret_cast<const sockaddr*>(&endpoint),
                    sizeof endpoint) == static_cast<ssize_t>(query.size());
}

std::string sender_text(const sockaddr_storage& from) {
    std::array<char, INET6_ADDRSTRLEN> text{};
    const void* raw = from.ss_family == AF_INET6 ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in6&>(from).sin6_addr)
                                                 : static_cast<const void*>(&reinterpret_cast<const sockaddr_in&>(from).sin_addr);
    return inet_ntop(from.ss_family, raw, text.data(), text.size()) ? text.data() : "?";
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : std::string(separator)) + part;
    return out;
}

// The query goes out once per destination; `sent` and `failed` say where it went and where it could not.
struct Sending {
    OwnedFd v4 = udp_socket(AF_INET), v6 = udp_socket(AF_INET6);
    std::vector<std::string> sent, failed;
    bool v4_used = false, v6_used = false;

    void note(bool ok, std::string where, bool& used) {
        if (ok) {
            used = true;
            sent.push_back(std::move(where));
        } else {
            failed.push_back(std::move(where) + " (" + std::strerror(errno) + ")");
        }
    }

    void to_target(std::span<const std::uint8_t> query, const MdnsTarget& target) {
        const auto where = target.address + " port " + std::to_string(target.port);
        if (target.family == AF_INET)
            note(send_to(v4, query, ipv4_endpoint(target.address, target.port)), where, v4_used);
        else
            note(send_to(v6, query, ipv6_endpoint(target.address, target.port, 0)), where, v6_used);
    }

    void to_group(std::span<const std::uint8_t> query, const Interface& interface) {
        if (interface.ipv4 && v4.valid()) {
            ip_mreqn via{};
            via.imr_ifindex = static_cast<int>(interface.index);
            const bool ok = setsockopt(v4.get(), IPPROTO_IP, IP_MULTICAST_IF, &via, sizeof via) == 0 &&
                            setsockopt(v4.get(), IPPROTO_IP, IP_MULTICAST_TTL, &mdns_hop_limit, sizeof mdns_hop_limit) == 0 &&
                            send_to(v4, query, ipv4_endpoint(mdns_group_v4, mdns_port));
            note(ok, std::string(mdns_group_v4) + " via " + interface.name, v4_used);
        }
        if (interface.ipv6 && v6.valid()) {
            const bool ok =
                setsockopt(v6.get(), IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &mdns_hop_limit, sizeof mdns_hop_limit) == 0 &&
                send_to(v6, query, ipv6_endpoint(mdns_group_v6, mdns_port, interface.index));
            note(ok, std::string(mdns_group_v6) + " via " + interface.name, v6_used);
        }
    }
};

// Adds the new (name, address) pairs of one responder's datagram within the caps; counts in
// browse.dropped the new ones a cap turned away.
void add_unique(MdnsBrowse& browse, std::map<std::string, std::size_t>& kept_from, const std::string& sender,
                std::vector<MdnsAnswer> more) {
    for (auto& answer : more) {
        const auto same = [&](const MdnsAnswer& known) { return known.name == answer.name && known.address == answer.address; };
        if (std::ranges::any_of(browse.answers, same)) continue;
        if (browse.answers.size() >= max_answers || kept_from[sender] >= max_answers_per_responder) {
            ++browse.dropped;
            continue;
        }
        ++kept_from[sender];
        browse.answers.push_back(std::move(answer));
    }
}

std::string lower(std::string text) {
    std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

const std::vector<std::string>* list_fact(const Subject& subject, std::string_view name) {
    auto it = subject.facts.find(name);
    return it == subject.facts.end() ? nullptr : std::get_if<std::vector<std::string>>(&it->second);
}

}  // namespace

Result<MdnsTarget> parse_mdns_target(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return fail("'" + std::string(text) + "' is not ADDRESS:PORT");
    std::string address(text.substr(0, colon));
    const auto port_text = text.substr(colon + 1);
    unsigned port = 0;
    auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc{} || end != port_text.data() + port_text.size() || port == 0 || port > 0xFFFF)
        return fail("'" + std::string(text) + "' has no port between 1 and 65535");
    MdnsTarget target{AF_INET, address, static_cast<std::uint16_t>(port)};
    if (address.size() > 2 && address.front() == '[' && address.back() == ']') {
        target.family = AF_INET6;
        target.address = address.substr(1, address.size() - 2);
    }
    std::array<std::uint8_t, 16> raw{};
    if (inet_pton(target.family, target.address.c_str(), raw.data()) != 1)
        return fail("'" + std::string(text) + "' is not an IPv4 ADDRESS:PORT or [IPv6]:PORT");
    return target;
}

std::vector<DnsQuestion> mdns_questions() {
    std::vector<DnsQuestion> out;
    for (const auto* name : kvm_host_names) {
        out.push_back({name, std::uint16_t(DnsType::a)});
        out.push_back({name, std::uint16_t(DnsType::aaaa)});
    }
    for (const auto* service : kvm_service_types) out.push_back({service, std::uint16_t(DnsType::ptr)});
    return out;
}

std::vector<MdnsAnswer> mdns_answers(const DnsMessage& message, const std::string& sender) {
    std::vector<MdnsAnswer> out;
    if (!message.response) return out;
    for (const auto& record : message.records) {
        if (record.data.empty() || record.name.empty()) continue;
        const auto type = static_cast<DnsType>(record.type);
        if (type == DnsType::a || type == DnsType::aaaa)
            out.push_back({record.name, record.data, std::string(dns_type_name(record.type)) + " record from " + sender});
        else if (type == DnsType::ptr || type == DnsType::srv)
            out.push_back({record.data, sender, std::string(dns_type_name(record.type)) + " " + record.name + " from " + sender});
    }
    return out;
}

MdnsBrowse browse_mdns(const MdnsOptions& options) {
    const auto questions = mdns_questions();
    const auto query = build_dns_query(0, questions);  // RFC 6762 §18.1: the id of a multicast query is zero
    if (!query) return {{}, "unavailable: " + query.error().message};

    Sending sending;
    if (options.target) {
        sending.to_target(*query, *options.target);
    } else {
        const auto interfaces = multicast_interfaces();
        if (interfaces.empty()) return {{}, "unavailable: no network interface is up with multicast (no LAN to ask)"};
        for (const auto& interface : interfaces) sending.to_group(*query, interface);
    }
    if (sending.sent.empty()) return {{}, "unavailable: the query could not be sent to " + joined(sending.failed, ", ")};

    std::vector<pollfd> sockets;
    if (sending.v4_used) sockets.push_back({sending.v4.get(), POLLIN, 0});
    if (sending.v6_used) sockets.push_back({sending.v6.get(), POLLIN, 0});
    MdnsBrowse browse;
    std::set<std::string> responders;
    std::map<std::string, std::size_t> kept_from;
    std::size_t malformed = 0;
    std::vector<std::uint8_t> datagram(max_datagram);
    const auto deadline = std::chrono::steady_clock::now() + options.listen;
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        if (::poll(sockets.data(), sockets.size(), static_cast<int>(left.count())) <= 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (auto& socket : sockets) {
            if (!(socket.revents & POLLIN)) continue;
            sockaddr_storage from{};
            socklen_t from_size = sizeof from;
            const auto size = ::recvfrom(socket.fd, datagram.data(), datagram.size(), MSG_DONTWAIT,
                                         reinterpret_cast<sockaddr*>(&from), &from_size);
            if (size <= 0) continue;
            const auto sender = sender_text(from);
            auto message = parse_dns_message(std::span(datagram).first(static_cast<std::size_t>(size)));
            if (!message) {
                ++malformed;
                continue;
            }
            auto answers = mdns_answers(*message, sender);
            if (!answers.empty()) responders.insert(sender);
            add_unique(browse, kept_from, sender, std::move(answers));
        }
    }

    std::vector<std::string> names(kvm_host_names.begin(), kvm_host_names.end());
    names.insert(names.end(), kvm_service_types.begin(), kvm_service_types.end());
    browse.status = "asked " + joined(names, " ") + " by one-shot query to " + joined(sending.sent, ", ") + "; listened " +
                    std::to_string(options.listen.count()) + " ms; " + std::to_string(browse.answers.size()) +
                    " answers from " + std::to_string(responders.size()) + " responders";
    if (malformed) browse.status += "; " + std::to_string(malformed) + " malformed datagrams ignored";
    if (!sending.failed.empty()) browse.status += "; could not send to " + joined(sending.failed, ", ");
    return browse;
}

const SubjectSpec& mdns_subject_spec() {
    static constexpr SubjectSpec spec{"mdns", "answers to `kiosk scan --mdns`, only when the browse was asked for",
                                      mdns_facts};
    return spec;
}

std::vector<Subject> mdns_subjects(std::span<const MdnsAnswer> answers, std::span<const Subject> neighbours) {
    std::vector<Subject> out;
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& answer : answers) {
        if (!seen.emplace(answer.name, answer.address).second) continue;
        Subject subject;
        subject.kind = "mdns";
        subject.name = "mdns " + answer.name + " " + answer.address;
        subject.facts["mdns.name"] = answer.name;
        subject.facts["mdns.host"] = lower(answer.name.substr(0, answer.name.find('.')));
        subject.facts["mdns.address"] = answer.address;
        subject.facts["mdns.source"] = answer.source;
        for (const auto& neighbour : neighbours) {
            const auto* addresses = neighbour.kind == "neighbour" ? list_fact(neighbour, "neighbour.addresses") : nullptr;
            if (!addresses || std::ranges::find(*addresses, answer.address) == addresses->end()) continue;
            if (auto mac = neighbour.facts.find("neighbour.mac"); mac != neighbour.facts.end())
                subject.facts["mdns.neighbour_mac"] = mac->second;
            if (auto vendor = neighbour.facts.find("neighbour.vendor"); vendor != neighbour.facts.end())
                subject.facts["mdns.neighbour_vendor"] = vendor->second;
            break;
        }
        out.push_back(std::move(subject));
    }
    return out;
}

void read_mdns(Reading& reading, const MdnsOptions& options) {
    auto browse = browse_mdns(options);
    auto subjects = mdns_subjects(browse.answers, reading.subjects);
    auto& network = reading.inventory["network"];
    if (!network.is_object()) network = {{"interfaces", network.is_null() ? nlohmann::json::array() : network}};
    auto list = nlohmann::json::array();
    for (const auto& answer : browse.answers)
        list.push_back({{"name", answer.name}, {"address", answer.address}, {"source", answer.source}});
    network["mdns"] = std::move(list);
    network["mdns_status"] = browse.status;
    if (browse.dropped)
        report_truncated(reading, "mdns", browse.dropped,
                         "at most " + std::to_string(max_answers_per_responder) + " answers per responder and " +
                             std::to_string(max_answers) + " in all were kept; the rest were not judged");
    for (auto& subject : subjects) reading.subjects.push_back(std::move(subject));
}

}  // namespace kiosk::host
