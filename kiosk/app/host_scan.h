// Host inspection off the UI thread, kept current while the handoff screen is open: one worker
// scans on request (re-scan) and whenever the machine changes — udev hot-plug events on the live
// machine, changes of the files under --root for a fixture tree or an offline image — and publishes
// an immutable snapshot saying what changed since the scan before.
#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "app/latest.h"
#include "core/config.h"
#include "core/finding.h"

namespace kiosk::app {

// A device entry of the inventory that appeared or went away between two scans.
struct HostChange {
    enum class Kind { added, removed };
    Kind kind = Kind::added;
    std::string section;  // usb, displays, cameras, input
    nlohmann::json entry;
};

struct HostSnapshot {
    enum class State { idle, running, done, failed };
    State state = State::idle;
    std::string message;        // why it failed
    nlohmann::json inventory;   // usb, displays, cameras, input, software, network (kiosk scan --json)
    std::vector<Finding> findings;
    HostVerdict verdict = HostVerdict::clean;
    std::string rules_version;
    int scans = 0;              // completed scans, so a screen can tell a re-scan landed

    // Since the scan before this one (empty after the first scan).
    std::vector<HostChange> changes;
    std::vector<Finding> new_findings, cleared_findings;
    std::string trigger;        // what started this scan: "first scan", "re-scan", the hot-plug event, the tree change
    std::string following;      // how changes are followed, or why they are not
    bool live = false;          // changes rescan on their own
};

class HostScan {
public:
    HostScan(std::string root, const Config& config);
    ~HostScan();  // stops the worker (waits for a scan in progress)
    HostScan(const HostScan&) = delete;
    HostScan& operator=(const HostScan&) = delete;

    // Scans now, and from then on again whenever the machine changes. A request while a scan runs
    // is kept and served right after it.
    void start();
    std::shared_ptr<const HostSnapshot> snapshot() const;
    const std::string& root() const { return root_; }

private:
    void run();
    void scan(const std::string& trigger);
    void publish(std::shared_ptr<const HostSnapshot> next);

    std::string root_;
    const Config& config_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    Latest<HostSnapshot> latest_;  // the UI reads, the worker replaces
    bool requested_ = false;  // guarded by mutex_
    bool stopping_ = false;   // guarded by mutex_
    std::thread worker_;
};

}  // namespace kiosk::app
