// What the readers of the machine produce together: the subjects the rules judge and the inventory
// `kiosk scan --json` prints. Readers run in a fixed order (inspector.cpp) and may look at subjects
// read before them, e.g. the network reader asks whether a NIC's USB parent also carries HID.
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "host/subject.h"

namespace kiosk::host {

struct Reading {
    std::filesystem::path root;  // "/" or a fixture tree / offline image
    std::vector<Subject> subjects;
    nlohmann::json inventory = nlohmann::json::object();  // usb, displays, cameras, input, software, network, machine

    // The first subject of `kind` whose string fact `fact` equals `value`; nullptr when none.
    const Subject* find(std::string_view kind, std::string_view fact, std::string_view value) const;
};

// A reader that stopped short of everything there was says so here: an "inventory" subject (the
// rules make it anomaly.inventory_truncated, since nothing unread can be judged) and an entry
// {part, skipped, how} in inventory.truncated. `how` says which entries were read and which left.
void report_truncated(Reading& reading, const std::string& part, std::size_t skipped, const std::string& how);

// A reader that could not read its part at all (permission denied, a file where a directory belongs)
// says so here: an "inventory" subject with inventory.error (the rules make it
// anomaly.inventory_unreadable: nothing there was judged) and an entry {part, error} in
// inventory.unreadable. A missing part (no DRM in a container) is not an error.
void report_unreadable(Reading& reading, const std::string& part, const Error& error);

// One reader per part of the machine; each adds its subjects and its inventory section, and fails
// (after adding what it could) when its part is there but cannot be read.
using ReadResult = Result<void>;
ReadResult read_machine(Reading& reading);    // DMI, hypervisor: machine.virtualized, machine.laptop
ReadResult read_usb(Reading& reading);        // sys/bus/usb/devices
ReadResult read_displays(Reading& reading);   // sys/class/drm/card*-* and their EDIDs
ReadResult read_cameras(Reading& reading);    // sys/class/video4linux
ReadResult read_input(Reading& reading);      // proc/bus/input/devices, else sys/class/input
ReadResult read_processes(Reading& reading);  // proc/<pid>/{comm,exe,cmdline}
ReadResult read_sockets(Reading& reading);    // proc/net/tcp, tcp6: listening ports
ReadResult read_modules(Reading& reading);    // proc/modules
ReadResult read_network(Reading& reading);    // sys/class/net

}  // namespace kiosk::host
