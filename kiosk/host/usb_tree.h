// The USB tree as Linux shows it under DIR/sys/bus/usb/devices: devices (`1-1.2`), their interfaces
// (`1-1.2:1.0`) and root hubs (`usb1`), with what hangs off each interface: HID report descriptors,
// SCSI identities of mass storage, network functions and their MACs.
#pragma once
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "host/hid_descriptor.h"
#include "host/subject.h"

namespace kiosk::host {

struct ScsiIdentity {
    std::string vendor, model, revision;
    std::optional<std::int64_t> type;  // SCSI peripheral type: 0 disk, 5 CD-ROM
};

struct UsbNetFunction {
    std::string interface;  // kernel name, e.g. usb0, enx48da356d0102
    std::string mac;        // lower-case aa:bb:cc:dd:ee:ff
};

struct UsbInterface {
    std::string name;  // "1-1.2:1.0"
    std::optional<std::int64_t> number;
    std::string interface_class, interface_subclass, interface_protocol;  // two hex digits, as sysfs writes them
    std::optional<std::string> label;   // iInterface string
    std::optional<std::string> driver;
    std::optional<std::uint16_t> bcd_hid;
    std::optional<HidDescriptor> hid;
    std::optional<std::string> hid_error;
    std::vector<ScsiIdentity> storage;
    std::vector<UsbNetFunction> network;
    std::string network_kind;  // rndis, ecm, ncm, eem, other; empty when not a network function
};

struct UsbDevice {
    std::string path;                 // "1-1.2", or "usb1" for a root hub
    std::vector<std::string> chain;   // from the root hub down to this device
    bool root_hub = false;
    std::string vendor_id, product_id;  // four lower-case hex digits
    std::optional<std::string> bcd_device, usb_version, manufacturer, product, serial, configuration;
    std::optional<std::string> speed;   // as sysfs writes it: 1.5 12 480 5000 10000 20000
    std::optional<std::string> device_class, bm_attributes;
    std::optional<std::int64_t> max_power_ma;
    std::vector<UsbInterface> interfaces;
};

// No real machine comes near this many USB devices; past it, reading them all would let a flood of
// dummies stretch a scan without bound.
inline constexpr std::size_t usb_devices_read_in_full = 1024;

struct UsbTree {
    std::vector<UsbDevice> devices;  // root hubs first, then in path order
    std::size_t found = 0;           // devices listed; more than devices.size() when the cap left some unread
};

// The devices under DIR/sys/bus/usb/devices. When there are more than `max_read`, those with a HID,
// video, hub, storage, network or audio interface or several interfaces are read first and the rest
// are a random choice, so sort order cannot hide a device. Missing attributes stay empty; nothing
// here fails on odd input.
UsbTree read_usb_tree(const std::filesystem::path& root, std::size_t max_read = usb_devices_read_in_full);

nlohmann::json to_json(const UsbDevice& device);

// The usb_device Subject: the device's own facts plus facts derived across its interfaces
// (how many keyboards and pointers, mass storage, network, bcdHID…) and its parent in `tree`.
Subject usb_subject(const UsbDevice& device, const std::vector<UsbDevice>& tree);

}  // namespace kiosk::host
