// The live IPv6 neighbour table: Linux keeps it only behind rtnetlink (RTM_GETNEIGH), not in /proc.
// Read-only: one dump request to our own kernel, nothing sent on the network.
#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include <array>
#include <cstring>

#include "host/neighbours.h"
#include "host/owned_fd.h"

namespace kiosk::host {

namespace {

std::string mac_text(const unsigned char* bytes, std::size_t size) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) {
        if (i) out += ':';
        out += hex[bytes[i] >> 4];
        out += hex[bytes[i] & 0x0f];
    }
    return out;
}

// One neighbour message → entry, when it has an IPv6 destination and a 6-byte link-layer address.
std::optional<NeighbourEntry> entry_of(const nlmsghdr* header) {
    auto* message = static_cast<const ndmsg*>(NLMSG_DATA(header));
    if (header->nlmsg_len < NLMSG_LENGTH(sizeof(ndmsg)) || message->ndm_family != AF_INET6) return std::nullopt;
    if (message->ndm_state & (NUD_FAILED | NUD_INCOMPLETE | NUD_NOARP)) return std::nullopt;
    NeighbourEntry entry{"", "", "", "ipv6"};
    int length = static_cast<int>(header->nlmsg_len - NLMSG_LENGTH(sizeof(ndmsg)));
    for (auto* attribute = reinterpret_cast<const rtattr*>(reinterpret_cast<const char*>(message) + NLMSG_ALIGN(sizeof(ndmsg)));
         RTA_OK(attribute, length); attribute = RTA_NEXT(attribute, length)) {
        auto payload = RTA_PAYLOAD(attribute);
        if (attribute->rta_type == NDA_DST && payload == 16) {
            std::array<char, INET6_ADDRSTRLEN> text{};
            if (::inet_ntop(AF_INET6, RTA_DATA(attribute), text.data(), text.size())) entry.address = text.data();
        } else if (attribute->rta_type == NDA_LLADDR && payload == 6) {
            entry.mac = mac_text(static_cast<const unsigned char*>(RTA_DATA(attribute)), payload);
        }
    }
    std::array<char, IF_NAMESIZE> name{};
    if (::if_indextoname(static_cast<unsigned>(message->ndm_ifindex), name.data())) entry.interface = name.data();
    if (entry.address.empty() || entry.mac.empty()) return std::nullopt;
    return entry;
}

}  // namespace

std::vector<NeighbourEntry> live_ipv6_neighbours() {
    std::vector<NeighbourEntry> out;
    OwnedFd socket(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
    if (!socket.valid()) return out;
    struct {
        nlmsghdr header;
        ndmsg body;
    } request{};
    request.header.nlmsg_len = NLMSG_LENGTH(sizeof(ndmsg));
    request.header.nlmsg_type = RTM_GETNEIGH;
    request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    request.header.nlmsg_seq = 1;
    request.body.ndm_family = AF_INET6;
    if (::send(socket.get(), &request, request.header.nlmsg_len, 0) < 0) return out;

    alignas(nlmsghdr) std::array<char, 32768> buffer{};
    for (;;) {
        auto received = ::recv(socket.get(), buffer.data(), buffer.size(), 0);
        if (received <= 0) return out;
        auto remaining = static_cast<unsigned>(received);
        for (auto* header = reinterpret_cast<const nlmsghdr*>(buffer.data()); NLMSG_OK(header, remaining);
             header = NLMSG_NEXT(header, remaining)) {
            if (header->nlmsg_type == NLMSG_DONE || header->nlmsg_type == NLMSG_ERROR) return out;
            if (header->nlmsg_type != RTM_NEWNEIGH) continue;
            if (auto entry = entry_of(header)) out.push_back(std::move(*entry));
        }
    }
}

}  // namespace kiosk::host
