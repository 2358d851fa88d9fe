// `kiosk scan` as a library: read the machine under a root, judge it with the signature rules.
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/result.h"
#include "host/mdns_browse.h"
#include "host/rules.h"
#include "host/subject.h"

namespace kiosk::host {

struct InspectOptions {
    std::filesystem::path root = "/";  // read ROOT/sys, ROOT/proc instead of the live ones
    std::filesystem::path rules_dir;   // site rules added to the embedded ones (inspect(options) only)
    MdnsOptions mdns = {};              // the optional LAN mDNS browse (off by default)
};

struct ScanReport {
    std::vector<Subject> subjects;
    nlohmann::json inventory;       // usb, displays, cameras, input, software, network, machine
    std::vector<Finding> findings;  // worst first
    HostVerdict verdict = HostVerdict::clean;
};

// Error only when `root` is not a readable directory; a machine without USB, DRM or cameras is an
// ordinary, clean report.
Result<ScanReport> inspect(const InspectOptions& options, const RuleSet& rules);

// Same, with the embedded rules plus options.rules_dir.
Result<ScanReport> inspect(const InspectOptions& options);

}  // namespace kiosk::host
