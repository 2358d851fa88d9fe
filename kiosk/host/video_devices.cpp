// Cameras as V4L2 shows them (DIR/sys/class/video4linux/videoN): their name and what they hang off:
// a USB interface, a PCI device, or nothing real (v4l2loopback and other virtual devices).
#include <array>

#include "core/printable.h"
#include "host/facts.h"
#include "host/reading.h"
#include "host/sysfs.h"

namespace kiosk::host {
namespace {

constexpr FactSpec camera_facts[] = {
    {"camera.node", FactType::text, "`video0`"},
    {"camera.name", FactType::text, "sysfs `name` (user-chosen for v4l2loopback)"},
    {"camera.bus", FactType::text, "usb, pci, platform, virtual (no device behind it)"},
    {"camera.index", FactType::integer, "sysfs `index`: 0 the main node, 1 a UVC metadata node"},
    {"camera.usb_device", FactType::text, "the USB device it hangs off, `1-4`"},
    {"camera.vid_pid", FactType::text, "that device's `usb.vid_pid`"},
    {"camera.manufacturer", FactType::text, "that device's `usb.manufacturer`"},
    {"camera.product", FactType::text, "that device's `usb.product`"},
    {"camera.speed_mbps", FactType::integer, "that device's `usb.speed_mbps`"},
};

// Facts of the camera's USB device copied onto the camera.
constexpr std::array<std::pair<std::string_view, const char*>, 4> from_usb{{
    {"usb.vid_pid", "camera.vid_pid"},
    {"usb.manufacturer", "camera.manufacturer"},
    {"usb.product", "camera.product"},
    {"usb.speed_mbps", "camera.speed_mbps"},
}};

}  // namespace

const SubjectSpec& camera_subject_spec() {
    static constexpr SubjectSpec spec{"camera", "`sys/class/video4linux/video*`, as `kiosk scan` reads them", camera_facts};
    return spec;
}

ReadResult read_cameras(Reading& reading) {
    const auto dir = reading.root / "sys/class/video4linux";
    auto nodes = sysfs::list_dir(dir);
    if (!nodes) return std::unexpected(nodes.error());
    auto inventory = nlohmann::json::array();
    for (const auto& node : *nodes) {
        if (!node.starts_with("video")) continue;
        const auto path = dir / node;
        const auto name = sysfs::read_text(path / "name", 256).value_or("");
        auto where = sysfs::locate_link(path);
        if (where.bus.empty()) where.bus = "virtual";  // no device behind it at all

        Subject camera{"camera", node + " (" + name + ")", {}};
        auto& f = camera.facts;
        f["camera.node"] = printable(node);
        f["camera.name"] = name;
        f["camera.bus"] = where.bus;
        if (auto index = sysfs::read_number(path / "index", 10)) f["camera.index"] = *index;
        nlohmann::json item{{"node", printable(node)}, {"name", name}, {"bus", where.bus}};
        if (!where.usb_device.empty()) {
            f["camera.usb_device"] = where.usb_device;
            item["usb_device"] = where.usb_device;
            if (const auto* usb = reading.find("usb_device", "usb.path", where.usb_device)) {
                for (const auto& [key, copy] : from_usb)
                    if (auto fact = usb->facts.find(key); fact != usb->facts.end()) f[copy] = fact->second;
                item["usb_vid_pid"] = std::get<std::string>(usb->facts.at("usb.vid_pid"));
            }
        }
        reading.subjects.push_back(std::move(camera));
        inventory.push_back(std::move(item));
    }
    reading.inventory["cameras"] = std::move(inventory);
    return {};
}

}  // namespace kiosk::host
