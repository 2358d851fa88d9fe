// What is known about camera identities: virtual-camera names and MIPI camera ISPs. Tables of facts
// from research/vcam.md; names are hints only. (HDMI-capture chips are rules: config/rules/cameras.toml.)
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::host {

// The virtual-camera product a card label or device name points to ("OBS Virtual Camera" → "OBS
// Studio"), else nullopt. Case-insensitive substring match: renaming defeats it, so it corroborates.
std::optional<std::string> virtual_camera_product(std::string_view name);

// "Intel IPU6" for an Intel MIPI camera ISP PCI device id ("8086", "a75d"), else nullopt.
std::optional<std::string> camera_isp(std::string_view pci_vendor, std::string_view pci_device);

}  // namespace kiosk::host
