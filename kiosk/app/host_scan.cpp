#include "app/host_scan.h"

#include <algorithm>

#include "app/host_changes.h"
#include "host/inspector.h"
#include "host/watch.h"

namespace kiosk::app {
namespace {

using namespace std::chrono_literals;

// How often the worker looks for changes of the machine (and for a stop or re-scan request).
constexpr auto look_every = 250ms;

// Device sections only: processes and sockets change all the time and are not hot-plug.
constexpr const char* device_sections[] = {"usb", "displays", "cameras", "input"};

std::vector<HostChange> device_changes(const nlohmann::json& before, const nlohmann::json& after) {
    std::vector<HostChange> changes;
    for (const char* section : device_sections) {
        const auto old_entries = before.value(section, nlohmann::json::array());
        const auto new_entries = after.value(section, nlohmann::json::array());
        auto missing_from = [](const nlohmann::json& entries, const nlohmann::json& entry) {
            return std::find(entries.begin(), entries.end(), entry) == entries.end();
        };
        for (const auto& entry : new_entries)
            if (missing_from(old_entries, entry)) changes.push_back({HostChange::Kind::added, section, entry});
        for (const auto& entry : old_entries)
            if (missing_from(new_entries, entry)) changes.push_back({HostChange::Kind::removed, section, entry});
    }
    return changes;
}

}  // namespace

HostScan::HostScan(std::string root, const Config& config) :
    root_(std::move(root)), config_(config), latest_(std::make_shared<HostSnapshot>()), worker_([this] { run(); }) {}

HostScan::~HostScan() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    worker_.join();
}

std::shared_ptr<const HostSnapshot> HostScan::snapshot() const { return latest_.load(); }

void HostScan::publish(std::shared_ptr<const HostSnapshot> next) { latest_.store(std::move(next)); }

void HostScan::start() {
    {
        std::lock_guard lock(mutex_);
        requested_ = true;
    }
    wake_.notify_one();
}

void HostScan::run() {
    // Nothing is read from the machine until someone asks for the first scan.
    {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || requested_; });
        if (stopping_) return;
    }
    MachineChanges changes(root_);
    {
        auto following = std::make_shared<HostSnapshot>(*snapshot());
        following->following = changes.following();
        following->live = changes.live();
        publish(std::move(following));
    }
    for (;;) {
        bool asked = false;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, look_every, [this] { return stopping_ || requested_; });
            if (stopping_) return;
            asked = std::exchange(requested_, false);
        }
        if (asked) {
            scan(snapshot()->scans == 0 ? "first scan" : "re-scan");
        } else if (auto changed = changes.poll()) {
            scan(*changed);
        }
    }
}

void HostScan::scan(const std::string& trigger) {
    const auto previous = snapshot();
    auto running = std::make_shared<HostSnapshot>(*previous);
    running->state = HostSnapshot::State::running;
    running->trigger = trigger;
    publish(running);

    auto next = std::make_shared<HostSnapshot>(*running);
    const std::string rules_dir = config_.string("scan.rules_dir");
    auto rules = host::RuleSet::load(rules_dir);
    if (!rules) {
        next->state = HostSnapshot::State::failed;
        next->message = rules.error().message;
    } else if (auto report = host::inspect({root_, rules_dir}, *rules); !report) {
        next->state = HostSnapshot::State::failed;
        next->message = report.error().message;
    } else {
        next->state = HostSnapshot::State::done;
        next->message.clear();
        const bool had_scan = previous->scans > 0;
        next->changes = had_scan ? device_changes(previous->inventory, report->inventory) : std::vector<HostChange>{};
        next->new_findings = had_scan ? host::findings_added(previous->findings, report->findings) : std::vector<Finding>{};
        next->cleared_findings = had_scan ? host::findings_added(report->findings, previous->findings) : std::vector<Finding>{};
        next->inventory = std::move(report->inventory);
        next->findings = std::move(report->findings);
        next->verdict = std::move(report->verdict);
        next->rules_version = rules->version();
        ++next->scans;
    }
    publish(std::move(next));
}

}  // namespace kiosk::app
