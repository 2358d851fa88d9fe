// Everything `kiosk camera` knows about each video node before judging it: what the device
// answered (live, or replayed from DIR/dev/videoN.probe.json under --root), where it sits in sysfs,
// its UVC metadata sibling, a MIPI camera ISP on the machine, and loaded virtual-camera modules.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "media/v4l2_probe.h"
#include "media/v4l2_sysfs.h"

namespace kiosk::host {

struct CameraEvidence {
    std::string device;  // /dev/videoN
    media::V4l2Node node;
    media::V4l2Probe probe;
    bool metadata_sibling = false;          // a UVC metadata node hangs off the same USB interface
    std::optional<std::string> camera_isp;  // e.g. "Intel IPU6 (Raptor Lake) 8086:a75d"
    std::vector<std::string> virtual_modules;  // loaded: v4l2loopback, v4l2loopback_dc, akvcam
};

struct CameraQuery {
    std::filesystem::path root = "/";  // "/" probes live devices; anything else replays probe files
    std::string device;                // "" = every video node
};

bool is_live_root(const std::filesystem::path& root);

// Probe file of `node` under a fixture root: ROOT/dev/videoN.probe.json.
std::filesystem::path probe_file_path(const std::filesystem::path& root, const std::string& node);

// Evidence for the queried node, or for every video node except UVC metadata nodes (they are folded
// into their capture node as `metadata_sibling`). No video nodes is an empty list, not an error.
Result<std::vector<CameraEvidence>> gather_cameras(const CameraQuery& query);

}  // namespace kiosk::host
