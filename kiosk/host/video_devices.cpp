// Cameras as V4L2 shows them (DIR/sys/class/video4linux/videoN): their name and what they hang off:
// a USB interface, a PCI device, or nothing real (v4l2loopback and other virtual devices).
#include "core/printable.h"
#include "host/reading.h"
#include "host/sysfs.h"

namespace kiosk::host {

void read_cameras(Reading& reading) {
    const auto dir = reading.root / "sys/class/video4linux";
    auto inventory = nlohmann::json::array();
    for (const auto& node : sysfs::list_names(dir)) {
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
                for (const char* key : {"usb.vid_pid", "usb.manufacturer", "usb.product", "usb.speed_mbps"})
                    if (auto fact = usb->facts.find(key); fact != usb->facts.end())
                        f[std::string("camera.") + (key + 4)] = fact->second;
                item["usb_vid_pid"] = std::get<std::string>(usb->facts.at("usb.vid_pid"));
            }
        }
        reading.subjects.push_back(std::move(camera));
        inventory.push_back(std::move(item));
    }
    reading.inventory["cameras"] = std::move(inventory);
}

}  // namespace kiosk::host
