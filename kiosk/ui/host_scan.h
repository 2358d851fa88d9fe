// Host inspection off the UI thread: each (re-)scan runs the inspector on a worker and publishes an
// immutable snapshot that the handoff screen and the controller read.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core/config.h"
#include "core/finding.h"

namespace kiosk::ui {

struct HostSnapshot {
    enum class State { idle, running, done, failed };
    State state = State::idle;
    std::string message;        // why it failed
    nlohmann::json inventory;   // usb, displays, cameras, input, software, network (kiosk scan --json)
    std::vector<Finding> findings;
    std::string verdict;        // clean | suspicious | compromised
    std::string rules_version;
    int scans = 0;              // completed scans, so a screen can tell a re-scan landed
};

class HostScan {
public:
    HostScan(std::string root, const Config& config);
    ~HostScan();
    HostScan(const HostScan&) = delete;
    HostScan& operator=(const HostScan&) = delete;

    void start();  // ignored while a scan runs
    std::shared_ptr<const HostSnapshot> snapshot() const;
    const std::string& root() const { return root_; }

private:
    void publish(std::shared_ptr<const HostSnapshot> next);

    std::string root_;
    const Config& config_;
    mutable std::mutex mutex_;
    std::shared_ptr<const HostSnapshot> latest_;
    std::atomic<bool> running_{false};
    std::thread worker_;
};

}  // namespace kiosk::ui
