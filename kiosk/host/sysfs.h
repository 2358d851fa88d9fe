// Reading what the kernel exposes under DIR/sys and DIR/proc. Every byte there is treated as hostile:
// reads are capped, missing files and broken links are ordinary, and text is made printable UTF-8
// (core/printable.h) before anything stores or prints it.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kiosk::host::sysfs {

inline constexpr std::size_t max_attribute = 4096;

// At most `limit` bytes of a file; nullopt when it cannot be opened or read (missing, a directory, no permission).
std::optional<std::string> read_bytes(const std::filesystem::path& path, std::size_t limit);

// A table of lines (proc/net/tcp, proc/modules…): its whole lines within the first `limit` bytes, and
// how many lines lay beyond them, counted as they stream past and not kept.
struct Table {
    std::string text;
    std::size_t lines_left = 0;
};
std::optional<Table> read_table(const std::filesystem::path& path, std::size_t limit);

// A text attribute: capped, surrounding whitespace removed, made printable. nullopt when unreadable.
std::optional<std::string> read_text(const std::filesystem::path& path, std::size_t limit = max_attribute);

// A hexadecimal or decimal attribute ("0x1d6b", "1d6b" with base 16, "480"); nullopt when absent or malformed.
std::optional<std::int64_t> read_number(const std::filesystem::path& path, int base);

// Where a symbolic link points, as written (not resolved); nullopt when `path` is not a link.
std::optional<std::string> link_target(const std::filesystem::path& path);

// The last component of a link's target ("usbhid" for driver -> ../../../bus/usb/drivers/usbhid).
std::optional<std::string> link_name(const std::filesystem::path& path);

// Entry names of a directory, sorted; empty when it cannot be read.
std::vector<std::string> list_names(const std::filesystem::path& dir);

// What a reader's own starting point (sys/class/drm, proc/modules…) looks like. Missing is ordinary (a
// machine without DRM); there but unreadable (permission denied, a file where a directory belongs) is
// an error the scan reports, since nothing under it can be judged. The error says "PATH: why".
kiosk::Result<std::vector<std::string>> list_dir(const std::filesystem::path& dir);  // empty when missing
kiosk::Result<std::optional<Table>> read_table_checked(const std::filesystem::path& path, std::size_t limit);

// Parses a whole string as a number in `base`, accepting an optional 0x prefix for base 16.
std::optional<std::int64_t> parse_number(std::string_view text, int base);

// Where a device sits, read from its sysfs path (e.g. the target of /sys/class/net/usb0):
// ".../usb1/1-1/1-1:1.0/net/usb0" is on USB device 1-1, ".../devices/virtual/..." is virtual.
struct Location {
    std::string bus;            // usb, pci, virtual, platform, or "" when the path says nothing
    std::string usb_device;     // "1-1.2" when on USB
    std::string usb_interface;  // "1-1.2:1.0" when on a USB interface
};
Location locate(std::string_view sysfs_path);

// locate() on where `link` points (class entries such as /sys/class/video4linux/video0 are links
// into /sys/devices), falling back to its `device` link.
Location locate_link(const std::filesystem::path& link);

}  // namespace kiosk::host::sysfs
