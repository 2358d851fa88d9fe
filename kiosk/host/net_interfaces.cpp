// Network interfaces (DIR/sys/class/net): tunnels (Tailscale, ZeroTier, WireGuard) and USB network
// functions, linked to their USB device so a NIC whose USB parent also types and points shows up.
#include "core/printable.h"
#include "host/facts.h"
#include "host/reading.h"
#include "host/sysfs.h"

namespace kiosk::host {
namespace {

constexpr FactSpec net_facts[] = {
    {"net.name", FactType::text, "`wlp0s20f3`, `usb0`, `tailscale0`"},
    {"net.type", FactType::integer, "ARPHRD type (1 ethernet, 65534 none: tunnels)"},
    {"net.mac", FactType::text, "`3c:a6:f6:12:34:56`"},
    {"net.mac_prefix", FactType::text, "its first three octets"},
    {"net.bus", FactType::text, "usb, pci, platform, virtual"},
    {"net.driver", FactType::text, "bound driver"},
    {"net.devtype", FactType::text, "from `uevent`, e.g. wlan, wireguard"},
    {"net.tun", FactType::boolean, "a TUN/TAP device (`tun_flags`)"},
    {"net.usb_device", FactType::text, "the USB device it belongs to"},
    {"net.usb_vid_pid", FactType::text, "that device's `usb.vid_pid`"},
    {"net.usb_product", FactType::text, "that device's `usb.product`"},
    {"net.usb_parent_has_hid", FactType::boolean, "its USB device also carries a keyboard, mouse or pointer"},
};

std::string uevent_value(const std::optional<std::string>& uevent, std::string_view key) {
    if (!uevent) return {};
    const std::string prefix = std::string(key) + "=";
    std::size_t at = 0;
    while (at < uevent->size()) {
        auto end = uevent->find('\n', at);
        if (end == std::string::npos) end = uevent->size();
        auto line = std::string_view(*uevent).substr(at, end - at);
        if (line.starts_with(prefix)) return printable(line.substr(prefix.size()));
        at = end + 1;
    }
    return {};
}

}  // namespace

const SubjectSpec& net_interface_subject_spec() {
    static constexpr SubjectSpec spec{"net_interface", "`sys/class/net`", net_facts};
    return spec;
}

ReadResult read_network(Reading& reading) {
    const auto dir = reading.root / "sys/class/net";
    auto names = sysfs::list_dir(dir);
    if (!names) return std::unexpected(names.error());
    auto inventory = nlohmann::json::array();
    for (const auto& name : *names) {
        const auto path = dir / name;
        const auto where = sysfs::locate_link(path);
        const auto ifname = printable(name);
        Subject nic{"net_interface", "net " + ifname, {}};
        auto& f = nic.facts;
        nlohmann::json item{{"name", ifname}};
        f["net.name"] = ifname;
        if (auto type = sysfs::read_number(path / "type", 10)) {
            f["net.type"] = *type;
            item["type"] = *type;
        }
        if (auto mac = sysfs::read_text(path / "address", 64)) {
            f["net.mac"] = *mac;
            if (mac->size() >= 8) f["net.mac_prefix"] = mac->substr(0, 8);
            item["mac"] = *mac;
        }
        const auto bus = where.bus.empty() ? std::string("virtual") : where.bus;
        f["net.bus"] = bus;
        item["bus"] = bus;
        if (auto driver = sysfs::link_name(path / "device/driver")) {
            f["net.driver"] = *driver;
            item["driver"] = *driver;
        }
        if (auto devtype = uevent_value(sysfs::read_bytes(path / "uevent", 4096), "DEVTYPE"); !devtype.empty()) {
            f["net.devtype"] = devtype;
            item["devtype"] = devtype;
        }
        const bool tun = sysfs::read_text(path / "tun_flags", 64).has_value();
        f["net.tun"] = tun;
        if (tun) item["tun"] = true;
        if (!where.usb_device.empty()) {
            f["net.usb_device"] = where.usb_device;
            item["usb_device"] = where.usb_device;
            if (const auto* usb = reading.find("usb_device", "usb.path", where.usb_device)) {
                f["net.usb_vid_pid"] = usb->facts.at("usb.vid_pid");
                if (auto product = usb->facts.find("usb.product"); product != usb->facts.end())
                    f["net.usb_product"] = product->second;
                f["net.usb_parent_has_hid"] = usb->facts.at("usb.has_hid_input");
            }
        }
        reading.subjects.push_back(std::move(nic));
        inventory.push_back(std::move(item));
    }
    reading.inventory["network"] = std::move(inventory);
    return {};
}

}  // namespace kiosk::host
