#include "ui/host_scan.h"

#include "host/inspector.h"

namespace kiosk::ui {

HostScan::HostScan(std::string root, const Config& config) :
    root_(std::move(root)), config_(config), latest_(std::make_shared<HostSnapshot>()) {}

HostScan::~HostScan() {
    if (worker_.joinable()) worker_.join();
}

std::shared_ptr<const HostSnapshot> HostScan::snapshot() const {
    std::lock_guard lock(mutex_);
    return latest_;
}

void HostScan::publish(std::shared_ptr<const HostSnapshot> next) {
    std::lock_guard lock(mutex_);
    latest_ = std::move(next);
}

void HostScan::start() {
    if (running_.exchange(true)) return;
    if (worker_.joinable()) worker_.join();
    auto running = std::make_shared<HostSnapshot>(*snapshot());
    running->state = HostSnapshot::State::running;
    publish(running);
    worker_ = std::thread([this, previous = running] {
        auto next = std::make_shared<HostSnapshot>(*previous);
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
            next->inventory = std::move(report->inventory);
            next->findings = std::move(report->findings);
            next->verdict = std::move(report->verdict);
            next->rules_version = rules->version();
            ++next->scans;
        }
        publish(std::move(next));
        running_ = false;
    });
}

}  // namespace kiosk::ui
