// Where a V4L2 node sits in the device tree (/sys/class/video4linux/videoN): under a USB video
// interface, a PCI device, a platform device, or nowhere (/sys/devices/virtual: a software device).
// Every path is read under a root directory so fixture trees and offline images work the same.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"

namespace media {

enum class ParentKind { usb_interface, pci, platform, other, none };

struct V4l2Node {
    std::string node;          // "video0"
    std::string name;          // sysfs `name` (the card label for v4l2loopback: user-chosen)
    int index = -1;            // sysfs `index`: 0 = main node, 1 = a UVC metadata node of the same interface
    std::string device_path;   // resolved, relative to the root, e.g. "sys/devices/pci0000:00/…/1-8:1.0"
    ParentKind parent = ParentKind::none;
    std::string parent_driver;  // driver bound to the parent, e.g. "uvcvideo", "intel-ipu6"
    bool loopback_attributes = false;  // v4l2loopback's own `format`, `buffers`, `max_openers` files
    // USB (parent is an interface; the device is its parent directory)
    std::string interface_class, interface_subclass;  // "0e", "01" for UVC video control
    std::string vendor_id, product_id, manufacturer, product;
    // PCI
    std::string pci_vendor, pci_device, pci_class;
};

std::string_view to_string(ParentKind kind);

// Video nodes under ROOT/sys/class/video4linux, sorted by number (video2 before video10).
std::vector<std::string> list_video_nodes(const std::filesystem::path& root);

// "video0" or "/dev/video0" → the node's sysfs facts. Missing optional files stay empty.
kiosk::Result<V4l2Node> read_v4l2_node(const std::filesystem::path& root, const std::string& node);

// "video0" from "/dev/video0" or "video0"; empty when `device` names no video node.
std::string node_name(const std::string& device);

}  // namespace media
