// What the readers of the machine produce together: the subjects the rules judge and the inventory
// `kiosk scan --json` prints. Readers run in a fixed order (inspector.cpp) and may look at subjects
// read before them, e.g. the network reader asks whether a NIC's USB parent also carries HID.
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

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

// One reader per part of the machine; each adds its subjects and its inventory section.
void read_machine(Reading& reading);    // DMI, hypervisor: machine.virtualized, machine.laptop
void read_usb(Reading& reading);        // sys/bus/usb/devices
void read_displays(Reading& reading);   // sys/class/drm/card*-* and their EDIDs
void read_cameras(Reading& reading);    // sys/class/video4linux
void read_input(Reading& reading);      // proc/bus/input/devices, else sys/class/input
void read_processes(Reading& reading);  // proc/<pid>/{comm,exe,cmdline}
void read_sockets(Reading& reading);    // proc/net/tcp, tcp6: listening ports
void read_modules(Reading& reading);    // proc/modules
void read_network(Reading& reading);    // sys/class/net

}  // namespace kiosk::host
