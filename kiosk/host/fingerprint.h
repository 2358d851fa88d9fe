// A session's privacy-preserving fingerprint of what it saw: salted hashes (HMAC-SHA-256, the
// kiosk's salt as key) of the identifiers that single out one physical device, never the raw values.
// With the same salt, two sessions that saw the same KVM, monitor or LAN give equal hashes, which is
// all `kiosk ledger correlate` needs; without the salt the hashes cannot be turned back into serials.
//
//   {"version":1, "scheme":"hmac-sha256",
//    "kvm_usb":      [hex, …]  USB serials of devices with HID input (keyboards, mice, KVM gadgets)
//    "kvm_mac":      [hex, …]  MACs of network interfaces whose USB parent also carries HID
//    "edid_serial":  [hex, …]  display EDID serials (manufacturer, product code and serial together)
//    "neighbour_mac":[hex, …]} MACs of LAN neighbours
#pragma once
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>

#include "host/inspector.h"
#include "host/subject.h"

namespace kiosk::host {

// Every list sorted and without duplicates; the same subjects and salt always give the same JSON.
nlohmann::json fingerprint_subjects(std::span<const Subject> subjects, std::string_view salt);
nlohmann::json session_fingerprint(const ScanReport& report, std::string_view salt);

// The salted hash itself (lower-case hex): HMAC-SHA-256(key = salt, kind || 0x00 || value).
std::string salted_hash(std::string_view salt, std::string_view kind, std::string_view value);

}  // namespace kiosk::host
