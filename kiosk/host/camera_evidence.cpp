#include "host/camera_evidence.h"

#include <algorithm>
#include <fstream>

#include "host/camera_identities.h"
#include "media/probe_file.h"

namespace kiosk::host {
namespace fs = std::filesystem;
namespace {

std::string first_line(const fs::path& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    if (line.starts_with("0x")) line = line.substr(2);
    return line.substr(0, 64);
}

std::optional<std::string> find_camera_isp(const fs::path& root) {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(root / "sys/bus/pci/devices", error)) {
        auto vendor = first_line(entry.path() / "vendor"), device = first_line(entry.path() / "device");
        if (auto isp = camera_isp(vendor, device)) return *isp + " " + vendor + ":" + device;
    }
    for (const char* module : {"intel_ipu6", "intel_ipu6_isys", "intel_ipu7"})
        if (fs::exists(root / "sys/module" / module, error)) return std::string("Intel IPU (module ") + module + " loaded)";
    return std::nullopt;
}

std::vector<std::string> virtual_modules(const fs::path& root) {
    std::vector<std::string> loaded;
    std::error_code error;
    for (const char* module : {"v4l2loopback", "v4l2loopback_dc", "akvcam"})
        if (fs::exists(root / "sys/module" / module, error)) loaded.push_back(module);
    return loaded;
}

bool metadata_only(const media::V4l2Probe& probe) {
    return probe.has(V4L2_CAP_META_CAPTURE) && !probe.has(V4L2_CAP_VIDEO_CAPTURE);
}

Result<CameraEvidence> read_one(const fs::path& root, const std::string& node_name) {
    auto node = media::read_v4l2_node(root, node_name);
    if (!node) return std::unexpected(node.error());
    CameraEvidence evidence;
    evidence.device = "/dev/" + node->node;
    evidence.node = std::move(*node);
    auto probe = is_live_root(root) ? media::probe_device(evidence.device)
                                    : media::read_probe_file(probe_file_path(root, evidence.node.node));
    if (!probe) return std::unexpected(probe.error());
    evidence.probe = std::move(*probe);
    return evidence;
}

}  // namespace

bool is_live_root(const fs::path& root) {
    std::error_code error;
    return fs::equivalent(root, "/", error);
}

fs::path probe_file_path(const fs::path& root, const std::string& node) {
    return root / "dev" / (node + ".probe.json");
}

Result<std::vector<CameraEvidence>> gather_cameras(const CameraQuery& query) {
    std::error_code error;
    if (!fs::is_directory(query.root, error)) return fail(query.root.string() + ": not a directory");
    std::vector<std::string> names;
    if (!query.device.empty()) {
        std::string name = media::node_name(query.device);
        if (name.empty()) return fail("'" + query.device + "' is not a video device (expected /dev/videoN)");
        names.push_back(name);
    }
    // All nodes are read even for one device: its metadata sibling is one of them.
    std::vector<CameraEvidence> all;
    for (const auto& name : media::list_video_nodes(query.root)) {
        auto evidence = read_one(query.root, name);
        if (!evidence) {
            bool wanted = names.empty() || std::find(names.begin(), names.end(), name) != names.end();
            if (wanted) return std::unexpected(evidence.error());
            continue;
        }
        all.push_back(std::move(*evidence));
    }
    if (!names.empty() && std::none_of(all.begin(), all.end(), [&](const auto& e) { return e.node.node == names[0]; })) {
        auto evidence = read_one(query.root, names[0]);  // gives the precise error
        if (!evidence) return std::unexpected(evidence.error());
    }
    auto isp = find_camera_isp(query.root);
    auto modules = virtual_modules(query.root);
    std::vector<CameraEvidence> cameras;
    for (auto& evidence : all) {
        bool wanted = names.empty() ? !metadata_only(evidence.probe) : evidence.node.node == names[0];
        if (!wanted) continue;
        for (const auto& other : all) {
            if (&other != &evidence && metadata_only(other.probe) && !other.node.device_path.empty() &&
                other.node.device_path == evidence.node.device_path)
                evidence.metadata_sibling = true;
        }
        evidence.camera_isp = isp;
        evidence.virtual_modules = modules;
        cameras.push_back(evidence);
    }
    return cameras;
}

}  // namespace kiosk::host
