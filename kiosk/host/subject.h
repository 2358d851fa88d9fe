// What the signature rules look at: one thing on the machine (a USB device, a display, a process…)
// described by flat, named facts. Readers of the machine produce Subjects; rules judge them.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace kiosk::host {

// A fact is a bool, an integer, a string or a list of strings (e.g. every interface class of a device).
using FactValue = std::variant<bool, std::int64_t, std::string, std::vector<std::string>>;

struct Subject {
    std::string kind;  // usb_device, display, camera, input, process, module, net_interface, socket, neighbour, mdns,
                       // machine, inventory (a part of the machine a reader could not read in full, or at all),
                       // camera_probe (a video node as `kiosk camera` judges it)
    std::string name;  // how findings name it, e.g. "usb 1-1.2 (PiKVM Composite Device)", "card0-HDMI-A-1"
    // e.g. "usb.vendor_id" = "1d6b". Only the facts the kind's table declares, with their declared type
    // (facts.h; each table sits beside the reader that sets those facts).
    std::map<std::string, FactValue, std::less<>> facts;
};

}  // namespace kiosk::host
