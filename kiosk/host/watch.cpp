#include "host/watch.h"

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "host/input_detectors.h"
#include "host/input_evdev.h"
#include "host/input_recording.h"
#include "host/inspector.h"
#include "host/watch_hotplug.h"

namespace kiosk::host {

namespace {

constexpr int poll_timeout_ms = 1000;
constexpr double rescan_inputs_s = 2.0;  // new event nodes are also found without udev

std::string key_of(const Finding& finding) { return finding.rule + '\n' + finding.subject; }

nlohmann::json findings_json(const std::vector<Finding>& findings) {
    auto list = nlohmann::json::array();
    for (const auto& finding : findings) list.push_back(to_json(finding));
    return list;
}

bool readable(const pollfd& entry) { return entry.revents & (POLLIN | POLLHUP | POLLERR); }

// Keeps the last `keep_s` seconds of input, and the announcements of devices still attached.
void prune(InputStream& stream, double keep_s) {
    if (stream.empty() || stream.back().time - stream.front().time <= keep_s * 1.5) return;
    double cutoff = stream.back().time - keep_s;
    std::set<std::string> attached;
    for (const auto& event : stream) {
        if (event.type == InputEventType::device_added) attached.insert(event.device);
        if (event.type == InputEventType::device_removed) attached.erase(event.device);
    }
    std::erase_if(stream, [&](const InputEvent& event) {
        if (event.time >= cutoff) return false;
        return !(event.type == InputEventType::device_added && attached.contains(event.device));
    });
}

class Watcher {
public:
    Watcher(const WatchOptions& options, const RuleSet& rules, const WatchEmit& emit) :
        options_(options), rules_(rules), emit_(emit), inputs_(options.root) {}

    std::vector<Finding> run() {
        start();
        auto last_rescan = std::chrono::steady_clock::now();
        auto last_detect = last_rescan;
        for (;;) {
            std::vector<pollfd> entries{{options_.stop_fd, POLLIN, 0}};
            if (hotplug_) entries.push_back({hotplug_->fd(), POLLIN, 0});
            for (int fd : inputs_.fds()) entries.push_back({fd, POLLIN, 0});
            ::poll(entries.data(), entries.size(), poll_timeout_ms);
            if (options_.stop_fd >= 0 && readable(entries[0])) break;

            std::vector<InputEvent> batch;
            if (hotplug_ && readable(entries[1]))
                while (auto change = hotplug_->receive()) on_hotplug(*change, batch);
            inputs_.read_pending(batch);
            auto now = std::chrono::steady_clock::now();
            if (now - last_rescan >= std::chrono::duration<double>(rescan_inputs_s)) {
                inputs_.rescan(batch, false);
                last_rescan = now;
            }
            append(batch);
            if (fresh_input_ && now - last_detect >= std::chrono::duration<double>(options_.detect_every_s)) {
                detect();
                last_detect = now;
            }
        }
        detect();
        emit_({{"event", "stopped"}, {"input_events", input_events_}, {"findings", reported_.size()}});
        return reported_;
    }

private:
    void start() {
        if (options_.record) *options_.record << recording_header_line() << '\n' << std::flush;
        nlohmann::json watching = nlohmann::json::array(), not_watching = nlohmann::json::array();
        if (options_.root != "/") {
            not_watching.push_back({{"what", "hot-plug"}, {"why", "--root " + options_.root.string() +
                                                                       ": udev events describe the live machine, not this tree"}});
        } else if (auto monitor = HotplugMonitor::open()) {
            hotplug_ = std::move(*monitor);
            if (auto report = inspect({options_.root, {}}, rules_)) baseline_ = report->findings;
            watching.push_back("hot-plug: usb, drm, video4linux and input changes from udev, judged by the scan rules (" +
                               std::to_string(baseline_.size()) + " findings at start)");
        } else {
            not_watching.push_back({{"what", "hot-plug"}, {"why", monitor.error().message}});
        }

        std::vector<InputEvent> batch;
        inputs_.rescan(batch, true);
        std::error_code error;
        if (!std::filesystem::is_directory(inputs_.directory(), error))
            not_watching.push_back({{"what", "input"}, {"why", inputs_.directory().string() + " does not exist: this machine has no input devices to read"}});
        else if (inputs_.open_count() == 0 && !inputs_.problems().empty())
            not_watching.push_back({{"what", "input"}, {"why", "cannot open any event device (" + inputs_.problems().front() +
                                                                  "); run as a member of group 'input'"}});
        else if (inputs_.open_count() == 0)
            not_watching.push_back({{"what", "input"}, {"why", inputs_.directory().string() + " has no keyboards or pointers yet; new ones are picked up"}});
        else
            watching.push_back("input: " + std::to_string(inputs_.open_count()) + " devices under " + inputs_.directory().string() +
                               " (timing only, no key codes)");
        for (const auto& problem : inputs_.problems())
            if (inputs_.open_count() > 0) not_watching.push_back({{"what", "input"}, {"why", problem}});
        emit_({{"event", "status"}, {"watching", watching}, {"not_watching", not_watching}});
        append(batch);
    }

    void on_hotplug(const HotplugChange& change, std::vector<InputEvent>& batch) {
        if (change.subsystem == "input") {
            if (change.devnode.find("/input/event") != std::string::npos) inputs_.rescan(batch, false);
            return;
        }
        auto report = inspect({options_.root, {}}, rules_);
        if (!report) {
            emit_({{"event", "error"}, {"message", report.error().message}});
            return;
        }
        auto added = findings_added(baseline_, report->findings);
        auto cleared = findings_added(report->findings, baseline_);
        baseline_ = report->findings;
        for (const auto& finding : added) remember(finding);
        emit_({{"event", "hotplug"},
               {"action", change.action},
               {"subsystem", change.subsystem},
               {"syspath", change.syspath},
               {"devnode", change.devnode},
               {"new_findings", findings_json(added)},
               {"cleared_findings", findings_json(cleared)},
               {"verdict", to_string(report->verdict)}});
    }

    // Devices report in their own order; the stream (and a recording) must never go back in time.
    void append(std::vector<InputEvent>& batch) {
        std::stable_sort(batch.begin(), batch.end(), [](const InputEvent& a, const InputEvent& b) { return a.time < b.time; });
        for (auto& event : batch) {
            if (!stream_.empty()) event.time = std::max(event.time, stream_.back().time);
            if (is_input(event)) {
                ++input_events_;
                fresh_input_ = true;
            }
            if (options_.record) *options_.record << recording_line(event) << '\n' << std::flush;
            stream_.push_back(std::move(event));
        }
        prune(stream_, options_.keep_s);
    }

    void detect() {
        if (!fresh_input_) return;
        fresh_input_ = false;
        for (auto& finding : detect_input_behaviour(stream_)) {
            if (!remember(finding)) continue;
            emit_({{"event", "finding"}, {"source", "input"}, {"finding", to_json(finding)}});
        }
    }

    bool remember(const Finding& finding) {
        if (!keys_.insert(key_of(finding)).second) return false;
        reported_.push_back(finding);
        return true;
    }

    const WatchOptions& options_;
    const RuleSet& rules_;
    const WatchEmit& emit_;
    EvdevInputs inputs_;
    std::optional<HotplugMonitor> hotplug_;
    std::vector<Finding> baseline_;
    InputStream stream_;
    std::size_t input_events_ = 0;
    bool fresh_input_ = false;
    std::set<std::string> keys_;
    std::vector<Finding> reported_;
};

}  // namespace

std::vector<Finding> findings_added(const std::vector<Finding>& before, const std::vector<Finding>& after) {
    std::set<std::string> known;
    for (const auto& finding : before) known.insert(key_of(finding));
    std::vector<Finding> added;
    for (const auto& finding : after)
        if (!known.contains(key_of(finding))) added.push_back(finding);
    return added;
}

std::vector<Finding> watch(const WatchOptions& options, const RuleSet& rules, const WatchEmit& emit) {
    return Watcher(options, rules, emit).run();
}

}  // namespace kiosk::host
