// Listening TCP sockets (DIR/proc/net/tcp, tcp6, state 0A): a VNC, RDP or RustDesk port open on this
// machine means it accepts remote-desktop connections, whatever the server binary is called.
#include <set>
#include <sstream>

#include "host/facts.h"
#include "host/reading.h"
#include "host/sysfs.h"

namespace kiosk::host {
namespace {

constexpr std::size_t max_table = 4 * 1024 * 1024;

constexpr FactSpec socket_facts[] = {
    {"socket.family", FactType::text, "tcp, tcp6"},
    {"socket.address", FactType::text, "local address, `0.0.0.0`, `0000:0000:…`"},
    {"socket.port", FactType::integer, "local port"},
    {"socket.loopback", FactType::boolean, "bound to 127.0.0.0/8, ::1 or ::ffff:127.x only"},
};

struct Listener {
    std::string family, address;
    std::int64_t port = 0;
    bool loopback = false;
    auto operator<=>(const Listener&) const = default;
};

// "0100007F:1F90" (IPv4, little-endian words) or 32 hex digits (IPv6) then ':' and the port.
std::optional<Listener> parse_local(std::string_view local, std::string family) {
    auto colon = local.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto port = sysfs::parse_number(local.substr(colon + 1), 16);
    auto hex = local.substr(0, colon);
    // The kernel writes a port as four hex digits: anything outside 0..65535 is not a port.
    if (!port || *port < 0 || *port > 0xFFFF || (hex.size() != 8 && hex.size() != 32)) return std::nullopt;
    std::vector<std::uint8_t> bytes;
    for (std::size_t word = 0; word < hex.size(); word += 8) {
        auto value = sysfs::parse_number(hex.substr(word, 8), 16);
        if (!value || *value < 0 || *value > 0xFFFFFFFF) return std::nullopt;
        for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<std::uint8_t>((*value >> (8 * i)) & 0xFF));
    }
    Listener out{std::move(family), {}, *port, false};
    std::ostringstream text;
    if (bytes.size() == 4) {
        text << int(bytes[0]) << '.' << int(bytes[1]) << '.' << int(bytes[2]) << '.' << int(bytes[3]);
        out.loopback = bytes[0] == 127;
    } else {
        static constexpr char digits[] = "0123456789abcdef";
        for (std::size_t i = 0; i < 16; i += 2) {
            if (i) text << ':';
            text << digits[bytes[i] >> 4] << digits[bytes[i] & 15] << digits[bytes[i + 1] >> 4] << digits[bytes[i + 1] & 15];
        }
        const bool v6_loopback = std::all_of(bytes.begin(), bytes.begin() + 15, [](auto b) { return b == 0; }) && bytes[15] == 1;
        const bool mapped_loopback = std::all_of(bytes.begin(), bytes.begin() + 10, [](auto b) { return b == 0; }) &&
                                     bytes[10] == 0xFF && bytes[11] == 0xFF && bytes[12] == 127;
        out.loopback = v6_loopback || mapped_loopback;
    }
    out.address = text.str();
    return out;
}

}  // namespace

const SubjectSpec& socket_subject_spec() {
    static constexpr SubjectSpec spec{"socket", "`proc/net/tcp`, `proc/net/tcp6`, listening sockets only",
                                      socket_facts};
    return spec;
}

ReadResult read_sockets(Reading& reading) {
    std::set<Listener> listeners;
    ReadResult result;
    for (const char* family : {"tcp", "tcp6"}) {
        auto read = sysfs::read_table_checked(reading.root / "proc/net" / family, max_table);
        if (!read && result) result = std::unexpected(read.error());  // the other family is still read
        if (!read || !*read) continue;
        auto& table = *read;
        if (table->lines_left > 0)
            report_truncated(reading, std::string("sockets (proc/net/") + family + ")", table->lines_left,
                             "the first " + std::to_string(max_table >> 20) +
                                 " MiB read; the kernel lists listening sockets first");
        std::istringstream lines(table->text);
        std::string line;
        std::getline(lines, line);  // header
        while (std::getline(lines, line)) {
            std::istringstream fields(line);
            std::string slot, local, remote, state;
            if (!(fields >> slot >> local >> remote >> state) || state != "0A") continue;
            if (auto listener = parse_local(local, family)) listeners.insert(*listener);
        }
    }
    auto inventory = nlohmann::json::array();
    for (const auto& l : listeners) {
        Subject socket{"socket", l.family + " " + l.address + " port " + std::to_string(l.port), {}};
        socket.facts["socket.family"] = l.family;
        socket.facts["socket.address"] = l.address;
        socket.facts["socket.port"] = l.port;
        socket.facts["socket.loopback"] = l.loopback;
        reading.subjects.push_back(std::move(socket));
        inventory.push_back({{"family", l.family}, {"address", l.address}, {"port", l.port}, {"loopback", l.loopback}});
    }
    reading.inventory["software"]["listening"] = std::move(inventory);
    return result;
}

}  // namespace kiosk::host
