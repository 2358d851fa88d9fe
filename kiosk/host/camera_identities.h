// What is known about camera identities: HDMI-capture chips, virtual-camera names, MIPI camera
// ISPs. Tables of facts from research/vcam.md and research/kvm.md; names are hints only.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::host {

// "MacroSilicon MS2109 HDMI capture" for a known capture-dongle USB id ("534d", "2109"), else nullopt.
std::optional<std::string> capture_chip(std::string_view vendor_id, std::string_view product_id);

// The virtual-camera product a card label or device name points to ("OBS Virtual Camera" → "OBS
// Studio"), else nullopt. Case-insensitive substring match: renaming defeats it, so it corroborates.
std::optional<std::string> virtual_camera_product(std::string_view name);

// "Intel IPU6" for an Intel MIPI camera ISP PCI device id ("8086", "a75d"), else nullopt.
std::optional<std::string> camera_isp(std::string_view pci_vendor, std::string_view pci_device);

}  // namespace kiosk::host
