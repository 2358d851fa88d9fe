// LAN neighbours: the hosts this machine has talked to on its local links (ARP and IPv6 neighbour
// tables), each with the vendor of its MAC from the IEEE registry. A Raspberry Pi or a KVM maker's
// board next to a hired laptop is context for a reviewer, never a verdict on its own.
//
// Sources under ROOT:
//   ROOT/proc/net/arp            the kernel's IPv4 ARP table
//   ROOT/proc/net/ndisc_cache    IPv6 neighbours as `ip -6 neigh show` prints them (Linux has no /proc
//                                file for them; a snapshot tool or fixture saves the command's output here)
// On the live machine (ROOT "/") IPv6 neighbours come from the kernel over rtnetlink instead.
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "host/oui.h"
#include "host/subject.h"

namespace kiosk::host {

struct Reading;

// One Subject of kind "neighbour" per MAC address (its IPv4 and IPv6 addresses merged). Facts:
//   neighbour.mac ("dc:a6:32:01:02:03"), neighbour.addresses, neighbour.interfaces, neighbour.families
//   ("ipv4", "ipv6"), neighbour.locally_administered (bool), neighbour.vendor_known (bool) and, when the
//   registry knows the prefix, neighbour.vendor, neighbour.oui, neighbour.registry.
std::vector<Subject> read_neighbours(const std::filesystem::path& root, const OuiRegistry& registry);
std::vector<Subject> read_neighbours(const std::filesystem::path& root);  // OuiRegistry::open()

// The inventory list: [{mac, addresses, interfaces, vendor?}].
nlohmann::json neighbours_inventory(std::span<const Subject> neighbours);

// The scan reader (inspector.cpp): adds the subjects and inventory.network.neighbours; fails when an
// ARP or IPv6 neighbour table under the root is there but cannot be read.
Result<void> read_neighbours(Reading& reading);

// `ip -6 neigh show` lines → (address, interface, mac); lines without a link-layer address are skipped.
struct NeighbourEntry {
    std::string address, interface, mac, family;
};
std::vector<NeighbourEntry> parse_arp_table(std::string_view text);
std::vector<NeighbourEntry> parse_ip_neigh(std::string_view text);
// The live IPv6 neighbour table over rtnetlink (empty when the kernel will not say).
std::vector<NeighbourEntry> live_ipv6_neighbours();

}  // namespace kiosk::host
