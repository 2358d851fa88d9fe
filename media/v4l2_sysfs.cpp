#include "media/v4l2_sysfs.h"

#include <algorithm>
#include <cctype>
#include <fstream>

namespace media {
namespace fs = std::filesystem;
namespace {

// First line of a small sysfs attribute, trimmed; "" when absent or unreadable.
std::string attribute(const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line)) return {};
    if (line.size() > 256) line.resize(256);
    while (!line.empty() && (line.back() == '\n' || line.back() == ' ' || line.back() == '\r')) line.pop_back();
    return line;
}

// Hex ids as sysfs writes them for PCI ("0x8086") and USB ("046d"): lowercase, without 0x.
std::string bare_hex(std::string text) {
    if (text.starts_with("0x") || text.starts_with("0X")) text = text.substr(2);
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

int node_number(const std::string& node) {
    int number = 0;
    for (char c : node.substr(5)) {
        if (c < '0' || c > '9' || number > 100000) return -1;
        number = number * 10 + (c - '0');
    }
    return number;
}

}  // namespace

std::string_view to_string(ParentKind kind) {
    switch (kind) {
        case ParentKind::usb_interface: return "usb_interface";
        case ParentKind::pci: return "pci";
        case ParentKind::platform: return "platform";
        case ParentKind::other: return "other";
        case ParentKind::none: return "none";
    }
    return "none";
}

std::string node_name(const std::string& device) {
    std::string name = fs::path(device).filename().string();
    if (!name.starts_with("video") || name.size() == 5 || node_number(name) < 0) return {};
    return name;
}

std::vector<std::string> list_video_nodes(const fs::path& root) {
    std::vector<std::string> nodes;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(root / "sys/class/video4linux", error)) {
        std::string name = entry.path().filename().string();
        if (!node_name(name).empty()) nodes.push_back(name);
    }
    std::sort(nodes.begin(), nodes.end(),
              [](const std::string& a, const std::string& b) { return node_number(a) < node_number(b); });
    return nodes;
}

kiosk::Result<V4l2Node> read_v4l2_node(const fs::path& root, const std::string& device) {
    V4l2Node node;
    node.node = node_name(device);
    if (node.node.empty()) return kiosk::fail("'" + device + "' is not a video device (expected /dev/videoN)");
    fs::path class_entry = root / "sys/class/video4linux" / node.node;
    std::error_code error;
    if (!fs::exists(class_entry, error))
        return kiosk::fail(node.node + ": not in " + (root / "sys/class/video4linux").string());
    node.name = attribute(class_entry / "name");
    std::string index = attribute(class_entry / "index");
    node.index = index == "0" ? 0 : index == "1" ? 1 : index.empty() ? -1 : 2;
    node.loopback_attributes = fs::exists(class_entry / "max_openers", error) && fs::exists(class_entry / "buffers", error);

    fs::path device_link = class_entry / "device";
    if (!fs::exists(device_link, error)) return node;  // no parent: a software (virtual) device
    fs::path parent = fs::weakly_canonical(device_link, error);
    fs::path root_canonical = fs::weakly_canonical(root, error);
    node.device_path = parent.lexically_relative(root_canonical).string();
    node.parent_driver = fs::is_symlink(parent / "driver", error) ? fs::read_symlink(parent / "driver", error).filename().string() : "";
    std::string subsystem =
        fs::is_symlink(parent / "subsystem", error) ? fs::read_symlink(parent / "subsystem", error).filename().string() : "";

    if (fs::exists(parent / "bInterfaceClass", error)) {
        node.parent = ParentKind::usb_interface;
        node.interface_class = bare_hex(attribute(parent / "bInterfaceClass"));
        node.interface_subclass = bare_hex(attribute(parent / "bInterfaceSubClass"));
        fs::path usb_device = parent.parent_path();
        node.vendor_id = bare_hex(attribute(usb_device / "idVendor"));
        node.product_id = bare_hex(attribute(usb_device / "idProduct"));
        node.manufacturer = attribute(usb_device / "manufacturer");
        node.product = attribute(usb_device / "product");
    } else if (subsystem == "pci" || (fs::exists(parent / "class", error) && fs::exists(parent / "vendor", error))) {
        node.parent = ParentKind::pci;
        node.pci_vendor = bare_hex(attribute(parent / "vendor"));
        node.pci_device = bare_hex(attribute(parent / "device"));
        node.pci_class = bare_hex(attribute(parent / "class"));
    } else if (subsystem == "platform" || node.device_path.find("/platform/") != std::string::npos) {
        node.parent = ParentKind::platform;
    } else {
        node.parent = ParentKind::other;
    }
    return node;
}

}  // namespace media
