// Teleports: an absolute pointer driven from a browser jumps straight to where the remote operator's
// mouse entered the page. A hand on a real mouse or pen produces a trail of reports, never one step
// across a tenth of the screen. Touch devices are left out: a finger lifted and set down elsewhere
// jumps too, and that is normal touchpad use.
#include <cmath>
#include <map>

#include "host/input_detectors.h"

namespace kiosk::host {

namespace {

constexpr double teleport_fraction = 0.10;  // one report moving >= 10 % of the axis range
constexpr std::size_t min_teleports = 2;    // one jump can be the first report after attach or wake
constexpr std::size_t high_teleports = 5;
constexpr std::size_t evidence_jumps = 10;

struct Jump {
    double time, gap_ms, fraction;
    int from_x, from_y, to_x, to_y;
};

struct Position {
    double time;
    int x, y;
};

// Rounds for evidence (decimals places), printing as 0.01 rather than 0.010000000000000002.
double round_to(double value, int decimals) {
    double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

}  // namespace

std::vector<Finding> detect_teleports(const InputStream& stream) {
    std::map<std::string, InputDevice> devices;
    std::map<std::string, Position> last;
    std::map<std::string, std::vector<Jump>> jumps;

    for (const auto& event : stream) {
        if (event.type == InputEventType::device_added && event.added) {
            devices[event.device] = *event.added;
            last.erase(event.device);
            continue;
        }
        if (event.type == InputEventType::device_removed) last.erase(event.device);
        if (event.type != InputEventType::abs) continue;
        const auto& device = devices[event.device];
        if (!device.absolute || device.touch) continue;
        if (auto previous = last.find(event.device); previous != last.end()) {
            const auto& from = previous->second;
            double fraction = std::max(std::abs(event.x - from.x) / double(device.x.span()),
                                       std::abs(event.y - from.y) / double(device.y.span()));
            if (fraction >= teleport_fraction)
                jumps[event.device].push_back(
                    {event.time, (event.time - from.time) * 1000, fraction, from.x, from.y, event.x, event.y});
        }
        last[event.device] = {event.time, event.x, event.y};
    }

    std::vector<Finding> findings;
    for (const auto& [id, list] : jumps) {
        if (list.size() < min_teleports) continue;
        const auto& device = devices[id];
        double largest = 0;
        nlohmann::json examples = nlohmann::json::array();
        for (const auto& jump : list) {
            largest = std::max(largest, jump.fraction);
            if (examples.size() < evidence_jumps)
                examples.push_back({{"t_s", round_to(jump.time, 3)},
                                    {"from", {jump.from_x, jump.from_y}},
                                    {"to", {jump.to_x, jump.to_y}},
                                    {"fraction_of_range", round_to(jump.fraction, 3)},
                                    {"gap_ms", round_to(jump.gap_ms, 1)}});
        }
        Finding finding;
        finding.rule = "kvm.input.teleport";
        finding.category = "kvm";
        finding.severity = list.size() >= high_teleports ? Severity::high : Severity::medium;
        finding.title = "Absolute pointer jumps across the screen with no motion in between, as a browser-driven KVM mouse does";
        finding.subject = input_subject_name(device);
        finding.evidence = {{"device_path", device.path},
                            {"device_kind", to_string(device.kind)},
                            {"teleports", list.size()},
                            {"threshold_fraction_of_range", teleport_fraction},
                            {"largest_jump_fraction", round_to(largest, 3)},
                            {"x_range", {device.x.min, device.x.max}},
                            {"y_range", {device.y.min, device.y.max}},
                            {"jumps", examples}};
        findings.push_back(std::move(finding));
    }
    return findings;
}

}  // namespace kiosk::host
