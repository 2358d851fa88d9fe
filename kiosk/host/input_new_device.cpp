// Input source: a KVM types and points through a USB device plugged in after the handoff, while the
// laptop's own keyboard and touchpad report nothing (kvm.md §9). A person who plugs in a mouse
// still types on the built-in keyboard now and then; a docked user with an external keyboard and
// mouse looks the same as a KVM here, which is why this is an anomaly for review, not a verdict.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "host/input_detectors.h"

namespace kiosk::host {

namespace {

constexpr double same_plug_in_s = 2.0;      // nodes attached this close together are one device
constexpr std::size_t min_input_events = 20;
constexpr double min_active_span_s = 10.0;

bool builtin(DeviceKind kind) { return kind == DeviceKind::builtin_keyboard || kind == DeviceKind::builtin_touchpad; }

struct PlugIn {
    double attached_at = 0;
    std::vector<InputDevice> devices;
    std::size_t keys = 0, pointer = 0;
    double first = 0, last = 0;  // first and last input on any of its devices
};

}  // namespace

std::vector<Finding> detect_new_device_input(const InputStream& stream) {
    std::vector<PlugIn> plug_ins;
    std::map<std::string, std::size_t> plug_in_of;  // device id -> index in plug_ins, while attached
    std::set<std::string> builtin_ids;
    std::vector<std::string> builtin_paths;
    std::vector<double> builtin_input;

    for (const auto& event : stream) {
        if (event.type == InputEventType::device_added && event.added) {
            const auto& device = *event.added;
            plug_in_of.erase(event.device);
            if (builtin(device.kind)) {
                builtin_ids.insert(event.device);
                builtin_paths.push_back(device.path);
            } else if (!device.initial) {
                if (plug_ins.empty() || event.time - plug_ins.back().attached_at > same_plug_in_s)
                    plug_ins.push_back({event.time, {}, 0, 0, 0, 0});
                plug_ins.back().devices.push_back(device);
                plug_in_of[event.device] = plug_ins.size() - 1;
            }
        }
        if (event.type == InputEventType::device_removed) plug_in_of.erase(event.device);
        if (!is_input(event)) continue;
        if (builtin_ids.contains(event.device)) builtin_input.push_back(event.time);
        if (auto it = plug_in_of.find(event.device); it != plug_in_of.end()) {
            auto& plug_in = plug_ins[it->second];
            if (plug_in.keys + plug_in.pointer == 0) plug_in.first = event.time;
            plug_in.last = event.time;
            (event.type == InputEventType::key ? plug_in.keys : plug_in.pointer)++;
        }
    }
    if (builtin_ids.empty()) return {};  // no built-in devices to compare against (a desktop, a VM)

    std::vector<Finding> findings;
    for (const auto& plug_in : plug_ins) {
        if (plug_in.keys + plug_in.pointer < min_input_events || plug_in.last - plug_in.first < min_active_span_s) continue;
        auto builtin_during = std::upper_bound(builtin_input.begin(), builtin_input.end(), plug_in.last) -
                              std::lower_bound(builtin_input.begin(), builtin_input.end(), plug_in.first);
        if (builtin_during > 0) continue;
        nlohmann::json paths = nlohmann::json::array(), kinds = nlohmann::json::array();
        for (const auto& device : plug_in.devices) {
            paths.push_back(device.path);
            kinds.push_back(to_string(device.kind));
        }
        Finding finding;
        finding.rule = "anomaly.input.new_device_only";
        finding.category = "anomaly";
        finding.severity = Severity::medium;
        finding.title = "Input arrives only on a newly attached device while the built-in keyboard and touchpad stay silent";
        finding.subject = input_subject_name(plug_in.devices.front());
        finding.evidence = {{"device_paths", paths},
                            {"device_kinds", kinds},
                            {"attached_at_s", std::round(plug_in.attached_at * 1000) / 1000},
                            {"key_presses", plug_in.keys},
                            {"pointer_events", plug_in.pointer},
                            {"active_span_s", std::round((plug_in.last - plug_in.first) * 10) / 10},
                            {"builtin_devices", builtin_paths},
                            {"builtin_events_in_span", builtin_during},
                            {"note", "a docked user with an external keyboard and mouse also looks like this"}};
        findings.push_back(std::move(finding));
    }
    return findings;
}

}  // namespace kiosk::host
