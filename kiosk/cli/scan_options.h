// What a scan reads, from its command line and the config: --root, scan.rules_dir, and the mDNS
// browse (--mdns, or scan.mdns on a live scan). `kiosk scan` and kiosk-agent's periodic scans use it.
#pragma once
#include "core/args.h"
#include "core/config.h"
#include "core/result.h"
#include "host/inspector.h"

namespace kiosk::cli {

Result<host::InspectOptions> scan_options(const Args& args, const Config& config);

}  // namespace kiosk::cli
