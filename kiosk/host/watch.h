// `kiosk watch` as a library: hot-plug changes judged by the scan rules, and live input judged by
// the behaviour detectors, reported as they happen, one JSON object per event, until stop_fd is
// readable (the CLI makes SIGTERM/SIGINT write to it).
#pragma once
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "core/finding.h"
#include "core/result.h"
#include "host/rules.h"

namespace kiosk::host {

struct WatchOptions {
    std::filesystem::path root = "/";  // hot-plug needs the live machine; input is read from ROOT/dev/input
    std::ostream* record = nullptr;    // when set, the input stream is written here as a recording
    int stop_fd = -1;                  // the watch ends when this becomes readable
    double detect_every_s = 2.0;       // how often the input detectors look at the stream again
    double keep_s = 1800.0;            // how much input history the detectors see
};

using WatchEmit = std::function<void(const nlohmann::json& line)>;

// Lines emitted: {"event":"status", "watching":[…], "not_watching":[{"what","why"}]},
// {"event":"hotplug", "action","subsystem","syspath","devnode","new_findings":[…],"cleared_findings":[…],"verdict"},
// {"event":"finding","source":"input","finding":{…}}, {"event":"error","message"} and at the end
// {"event":"stopped","input_events":N,"findings":N}. Returns every finding it reported.
std::vector<Finding> watch(const WatchOptions& options, const RuleSet& rules, const WatchEmit& emit);

// Findings of `after` that `before` did not have (same rule and subject), in `after`'s order.
std::vector<Finding> findings_added(const std::vector<Finding>& before, const std::vector<Finding>& after);

}  // namespace kiosk::host
