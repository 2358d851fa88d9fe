#include "host/neighbours.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <sstream>

#include "host/facts.h"
#include "host/reading.h"
#include "host/sysfs.h"

namespace kiosk::host {

namespace {

constexpr FactSpec neighbour_facts[] = {
    {"neighbour.mac", FactType::text, "`dc:a6:32:01:02:03` (one subject per MAC)"},
    {"neighbour.addresses", FactType::texts, "its IPv4 and IPv6 addresses"},
    {"neighbour.interfaces", FactType::texts, "the local interfaces it was seen on"},
    {"neighbour.families", FactType::texts, "ipv4, ipv6"},
    {"neighbour.locally_administered", FactType::boolean, "the MAC's locally-administered bit is set"},
    {"neighbour.vendor_known", FactType::boolean, "the IEEE registry knows the MAC's prefix"},
    {"neighbour.vendor", FactType::text, "the registered organization, `Raspberry Pi Trading Ltd`"},
    {"neighbour.oui", FactType::text, "the registered prefix"},
    {"neighbour.registry", FactType::text, "MA-L, MA-M or MA-S (the longest match wins)"},
};

constexpr std::streamsize max_table_bytes = 4 << 20;
constexpr unsigned arp_complete = 0x02;  // ATF_COM: the entry has a link-layer address

// A table read up to max_table_bytes, whole lines only; `skipped_lines` counts the lines past the cap
// (a table that long is itself worth a reviewer's eye, and what is left unread is not judged).
struct CappedTable {
    std::string text;
    std::size_t skipped_lines = 0;
};

CappedTable read_capped(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    CappedTable table;
    // Grown chunk by chunk, not allocated (and zeroed) at the cap: these tables are mostly a few lines.
    std::array<char, 16 << 10> chunk;
    while (in && static_cast<std::streamsize>(table.text.size()) < max_table_bytes) {
        in.read(chunk.data(), std::min<std::streamsize>(chunk.size(), max_table_bytes - static_cast<std::streamsize>(table.text.size())));
        table.text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.peek() == std::char_traits<char>::eof()) return table;
    const auto last_line_end = table.text.rfind('\n');
    table.text.resize(last_line_end == std::string::npos ? 0 : last_line_end + 1);
    table.skipped_lines = 1;  // the cut line
    for (std::string line; std::getline(in, line);) ++table.skipped_lines;
    return table;
}

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string word; in >> word;) out.push_back(word);
    return out;
}

// "DCA632010203" → "dc:a6:32:01:02:03"
std::string colon_form(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        if (i) out += ':';
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(hex[i])));
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(hex[i + 1])));
    }
    return out;
}

unsigned first_octet(const std::string& hex) { return static_cast<unsigned>(std::stoul(hex.substr(0, 2), nullptr, 16)); }

void add_unique(std::vector<std::string>& list, const std::string& value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

const std::vector<std::string>* list_fact(const Subject& subject, std::string_view name) {
    auto it = subject.facts.find(name);
    return it == subject.facts.end() ? nullptr : std::get_if<std::vector<std::string>>(&it->second);
}

const std::string* text_fact(const Subject& subject, std::string_view name) {
    auto it = subject.facts.find(name);
    return it == subject.facts.end() ? nullptr : std::get_if<std::string>(&it->second);
}

}  // namespace

std::vector<NeighbourEntry> parse_arp_table(std::string_view text) {
    std::vector<NeighbourEntry> out;
    std::istringstream in{std::string(text)};
    std::string line;
    std::getline(in, line);  // "IP address  HW type  Flags  HW address  Mask  Device"
    while (std::getline(in, line)) {
        auto field = words(line);
        if (field.size() < 6) continue;
        unsigned long flags = 0;
        try {
            flags = std::stoul(field[2], nullptr, 16);
        } catch (const std::exception&) {
            continue;
        }
        if (!(flags & arp_complete)) continue;
        out.push_back({field[0], field[5], field[3], "ipv4"});
    }
    return out;
}

std::vector<NeighbourEntry> parse_ip_neigh(std::string_view text) {
    std::vector<NeighbourEntry> out;
    std::istringstream in{std::string(text)};
    std::string line;
    while (std::getline(in, line)) {
        auto field = words(line);
        if (field.empty()) continue;
        NeighbourEntry entry{field[0], "", "", "ipv6"};
        for (std::size_t i = 1; i + 1 < field.size(); ++i) {
            if (field[i] == "dev") entry.interface = field[i + 1];
            if (field[i] == "lladdr") entry.mac = field[i + 1];
        }
        const auto& state = field.back();
        if (entry.mac.empty() || state == "FAILED" || state == "INCOMPLETE") continue;
        out.push_back(std::move(entry));
    }
    return out;
}

const SubjectSpec& neighbour_subject_spec() {
    static constexpr SubjectSpec spec{"neighbour",
                                      "`proc/net/arp`, and IPv6 neighbours from rtnetlink (live) or "
                                      "`proc/net/ndisc_cache` (`ip -6 neigh show` output, under `--root`)",
                                      neighbour_facts, {},
                                      "Vendors come from the IEEE registry (`/usr/share/ieee-data/oui.csv`) at run time."};
    return spec;
}

namespace {

// The neighbour subjects, and the tables cut at the cap as (table, lines skipped).
std::vector<Subject> neighbour_subjects(const std::filesystem::path& root, const OuiRegistry& registry,
                                        std::vector<std::pair<std::string, std::size_t>>& cut) {
    auto arp = read_capped(root / "proc/net/arp");
    if (arp.skipped_lines) cut.emplace_back("proc/net/arp", arp.skipped_lines);
    auto entries = parse_arp_table(arp.text);
    std::vector<NeighbourEntry> ipv6;
    if (root == "/") {
        ipv6 = live_ipv6_neighbours();
    } else {
        auto ndisc = read_capped(root / "proc/net/ndisc_cache");
        if (ndisc.skipped_lines) cut.emplace_back("proc/net/ndisc_cache", ndisc.skipped_lines);
        ipv6 = parse_ip_neigh(ndisc.text);
    }
    entries.insert(entries.end(), ipv6.begin(), ipv6.end());

    std::map<std::string, Subject> by_mac;  // ordered: the same table gives the same report
    for (const auto& entry : entries) {
        auto hex = normalise_mac(entry.mac);
        if (!hex || *hex == "000000000000" || (first_octet(*hex) & 0x01)) continue;  // none, or multicast
        auto [it, fresh] = by_mac.try_emplace(*hex);
        auto& subject = it->second;
        if (fresh) {
            subject.kind = "neighbour";
            subject.facts["neighbour.mac"] = colon_form(*hex);
            subject.facts["neighbour.addresses"] = std::vector<std::string>{};
            subject.facts["neighbour.interfaces"] = std::vector<std::string>{};
            subject.facts["neighbour.families"] = std::vector<std::string>{};
            subject.facts["neighbour.locally_administered"] = bool(first_octet(*hex) & 0x02);
            subject.name = "neighbour " + entry.address + " " + colon_form(*hex);
        }
        add_unique(std::get<std::vector<std::string>>(subject.facts["neighbour.addresses"]), entry.address);
        if (!entry.interface.empty())
            add_unique(std::get<std::vector<std::string>>(subject.facts["neighbour.interfaces"]), entry.interface);
        add_unique(std::get<std::vector<std::string>>(subject.facts["neighbour.families"]), entry.family);
    }
    std::vector<std::string> macs;
    for (const auto& [mac, subject] : by_mac) macs.push_back(mac);
    auto vendors = registry.lookup(macs);  // one pass over the registry for the whole table
    std::vector<Subject> out;
    for (auto& [mac, subject] : by_mac) {
        const auto& vendor = vendors[out.size()];
        subject.facts["neighbour.vendor_known"] = vendor.has_value();
        if (vendor) {
            subject.facts["neighbour.vendor"] = vendor->organization;
            subject.facts["neighbour.oui"] = vendor->prefix;
            subject.facts["neighbour.registry"] = vendor->registry;
            subject.name += " (" + vendor->organization + ")";
        }
        out.push_back(std::move(subject));
    }
    return out;
}

}  // namespace

std::vector<Subject> read_neighbours(const std::filesystem::path& root, const OuiRegistry& registry) {
    std::vector<std::pair<std::string, std::size_t>> cut;
    return neighbour_subjects(root, registry, cut);
}

std::vector<Subject> read_neighbours(const std::filesystem::path& root) { return read_neighbours(root, OuiRegistry::open()); }

nlohmann::json neighbours_inventory(std::span<const Subject> neighbours) {
    auto list = nlohmann::json::array();
    for (const auto& subject : neighbours) {
        if (subject.kind != "neighbour") continue;
        nlohmann::json item;
        if (auto mac = text_fact(subject, "neighbour.mac")) item["mac"] = *mac;
        if (auto addresses = list_fact(subject, "neighbour.addresses")) item["addresses"] = *addresses;
        if (auto interfaces = list_fact(subject, "neighbour.interfaces")) item["interfaces"] = *interfaces;
        if (auto vendor = text_fact(subject, "neighbour.vendor")) item["vendor"] = *vendor;
        list.push_back(std::move(item));
    }
    return list;
}

ReadResult read_neighbours(Reading& reading) {
    ReadResult result;
    for (const char* table : {"proc/net/arp", "proc/net/ndisc_cache"})
        if (auto read = sysfs::read_table_checked(reading.root / table, 1); !read && result)
            result = std::unexpected(read.error());
    const auto registry = OuiRegistry::open();
    std::vector<std::pair<std::string, std::size_t>> cut;
    auto subjects = neighbour_subjects(reading.root, registry, cut);
    for (const auto& [table, lines] : cut)
        report_truncated(reading, "neighbours", lines,
                         table + " was read up to its first " + std::to_string(max_table_bytes >> 20) +
                             " MiB; the lines after that were not judged");
    auto& network = reading.inventory["network"];
    if (!network.is_object()) network = {{"interfaces", network.is_null() ? nlohmann::json::array() : network}};
    network["neighbours"] = neighbours_inventory(subjects);
    network["vendor_registry"] = registry.empty() ? nlohmann::json("unavailable: ieee-data is not installed")
                                                  : nlohmann::json(registry.files());
    for (auto& subject : subjects) reading.subjects.push_back(std::move(subject));
    return result;
}

}  // namespace kiosk::host
