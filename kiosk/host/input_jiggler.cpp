// Jigglers: KVM firmware keeps the target awake by nudging the pointer after a fixed idle time
// (kvm.md §9): PiKVM/GL.iNet five ±100-unit moves 100 ms apart every 60 s ±25 %; JetKVM (1,1)
// then (0,0) after 20 s idle; NanoKVM (0x3F00,0x3F00) then (0x3FFF,0x3FFF) after 15 s idle.
// A hand never returns to the pointer after the same idle time, again and again, to move it a
// hair's breadth. The detector finds tiny, isolated pointer bursts, then asks whether the idle time
// before them is regular; the firmware is named only when shape and cadence both match.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "host/input_detectors.h"

namespace kiosk::host {

namespace {

constexpr double burst_gap_s = 0.35;           // reports further apart than this start a new burst
constexpr std::size_t micro_max_moves = 8;     // a jiggle is a handful of reports...
constexpr double micro_max_duration_s = 1.0;   // ...within a second...
constexpr double micro_abs_extent = 0.02;      // ...spanning <= 2 % of an absolute axis...
constexpr int micro_rel_extent = 60;           // ...or <= 60 counts of relative motion
constexpr std::size_t min_samples = 4;         // idle gaps needed before a cadence is believed
constexpr double min_cadence_s = 5.0;          // faster than this is use, not keep-awake
constexpr double inlier_band = 0.30;           // samples within ±30 % of the median cadence
constexpr double min_inlier_share = 0.75;
constexpr double max_cv = 0.20;                // PiKVM's ±25 % uniform jitter has CV ≈ 0.14
constexpr std::size_t evidence_intervals = 20;

struct Burst {
    std::string device;
    double start = 0, end = 0;
    std::size_t moves = 0;
    std::vector<double> gaps;
    bool absolute = false;
    int min_x = 0, max_x = 0, min_y = 0, max_y = 0;  // absolute positions, or the relative path's box
    int end_x = 0, end_y = 0;
    std::optional<double> idle_before;  // since the last input on any device
};

struct Cadence {
    double median = 0, cv = 0, max_deviation = 0;
    std::vector<double> samples;
};

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    auto n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Rounds for evidence (decimals places), printing as 0.01 rather than 0.010000000000000002.
double round_to(double value, int decimals) {
    double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

// Splits each device's pointer reports into bursts separated by more than burst_gap_s.
std::vector<Burst> pointer_bursts(const InputStream& stream, const std::map<std::string, InputDevice>& devices) {
    std::vector<Burst> closed;
    std::map<std::string, Burst> open;
    auto close = [&](const std::string& id) {
        if (auto it = open.find(id); it != open.end()) {
            closed.push_back(std::move(it->second));
            open.erase(it);
        }
    };
    for (const auto& event : stream) {
        if (event.type == InputEventType::device_removed || event.type == InputEventType::device_added) close(event.device);
        if (!is_pointer(event)) continue;
        auto device = devices.find(event.device);
        if (device == devices.end() || device->second.touch) continue;
        auto it = open.find(event.device);
        if (it != open.end() && event.time - it->second.end > burst_gap_s) {
            close(event.device);
            it = open.end();
        }
        bool absolute = event.type == InputEventType::abs;
        if (it == open.end()) {
            Burst burst;
            burst.device = event.device;
            burst.start = burst.end = event.time;
            burst.absolute = absolute;
            burst.end_x = burst.min_x = burst.max_x = absolute ? event.x : 0;
            burst.end_y = burst.min_y = burst.max_y = absolute ? event.y : 0;
            if (!absolute) {
                burst.end_x += event.dx;
                burst.end_y += event.dy;
            }
            burst.moves = 1;
            it = open.emplace(event.device, std::move(burst)).first;
        } else {
            auto& burst = it->second;
            burst.gaps.push_back(event.time - burst.end);
            burst.end = event.time;
            ++burst.moves;
            burst.absolute = burst.absolute || absolute;
            burst.end_x = absolute ? event.x : burst.end_x + event.dx;
            burst.end_y = absolute ? event.y : burst.end_y + event.dy;
        }
        auto& burst = it->second;
        burst.min_x = std::min(burst.min_x, burst.end_x);
        burst.max_x = std::max(burst.max_x, burst.end_x);
        burst.min_y = std::min(burst.min_y, burst.end_y);
        burst.max_y = std::max(burst.max_y, burst.end_y);
    }
    for (auto& [id, burst] : open) closed.push_back(std::move(burst));
    std::sort(closed.begin(), closed.end(), [](const Burst& a, const Burst& b) { return a.start < b.start; });
    return closed;
}

bool is_micro(const Burst& burst, const InputDevice& device) {
    if (burst.moves > micro_max_moves || burst.end - burst.start > micro_max_duration_s) return false;
    if (burst.absolute)
        return device.absolute && burst.max_x - burst.min_x <= micro_abs_extent * device.x.span() &&
               burst.max_y - burst.min_y <= micro_abs_extent * device.y.span();
    return burst.max_x - burst.min_x <= micro_rel_extent && burst.max_y - burst.min_y <= micro_rel_extent;
}

std::optional<Cadence> regular_cadence(const std::vector<Burst>& bursts) {
    std::vector<double> samples;
    for (const auto& burst : bursts)
        if (burst.idle_before) samples.push_back(*burst.idle_before);
    if (samples.size() < min_samples) return std::nullopt;
    double centre = median(samples);
    if (centre < min_cadence_s) return std::nullopt;
    std::vector<double> inliers;
    for (double sample : samples)
        if (std::abs(sample - centre) <= inlier_band * centre) inliers.push_back(sample);
    if (inliers.size() < min_samples || double(inliers.size()) < min_inlier_share * double(samples.size()))
        return std::nullopt;
    double mean = std::accumulate(inliers.begin(), inliers.end(), 0.0) / double(inliers.size());
    double variance = 0, deviation = 0;
    for (double sample : inliers) {
        variance += (sample - mean) * (sample - mean);
        deviation = std::max(deviation, std::abs(sample - centre) / centre);
    }
    double cv = std::sqrt(variance / double(inliers.size())) / mean;
    if (cv > max_cv) return std::nullopt;
    return Cadence{centre, cv, deviation, samples};
}

// Share of bursts that end within `tolerance` units of (x, y).
double share_ending_at(const std::vector<Burst>& bursts, double x, double y, double tolerance_x, double tolerance_y) {
    auto hits = std::count_if(bursts.begin(), bursts.end(), [&](const Burst& burst) {
        return burst.absolute && std::abs(burst.end_x - x) <= tolerance_x && std::abs(burst.end_y - y) <= tolerance_y;
    });
    return double(hits) / double(bursts.size());
}

struct Family {
    const char* rule;
    Severity severity;
    const char* title;
};

Family classify(const std::vector<Burst>& bursts, const Cadence& cadence, const InputDevice& device,
                double moves, double spacing_ms) {
    constexpr double pattern_share = 0.75;
    if (device.absolute) {
        double corner = share_ending_at(bursts, device.x.min, device.y.min, 2, 2);
        if (corner >= pattern_share && cadence.median >= 15 && cadence.median <= 25)
            return {"kvm.input.jiggler_jetkvm", Severity::high,
                    "Pointer parks in the top-left corner after every ~20 s of idle, as JetKVM's firmware jiggler does"};
        double centre = share_ending_at(bursts, (device.x.min + device.x.max) / 2.0, (device.y.min + device.y.max) / 2.0,
                                        0.01 * device.x.span(), 0.01 * device.y.span());
        if (centre >= pattern_share && cadence.median >= 11 && cadence.median <= 19)
            return {"kvm.input.jiggler_nanokvm", Severity::high,
                    "Pointer jumps to the screen centre after every ~15 s of idle, as NanoKVM's firmware jiggler does"};
    }
    if (moves >= 4 && moves <= 6 && spacing_ms >= 70 && spacing_ms <= 140 && cadence.median >= 40 && cadence.median <= 80)
        return {"kvm.input.jiggler_pikvm", Severity::high,
                "Pointer makes five tiny moves 100 ms apart about every 60 s, as PiKVM's firmware jiggler does"};
    return {"anomaly.input.periodic_micro_moves", Severity::medium,
            "Pointer makes tiny moves on a fixed idle cadence that no hand keeps (a mouse jiggler)"};
}

}  // namespace

std::vector<Finding> detect_jigglers(const InputStream& stream) {
    std::map<std::string, InputDevice> devices;
    std::vector<double> input_times;
    for (const auto& event : stream) {
        if (event.type == InputEventType::device_added && event.added) devices[event.device] = *event.added;
        if (is_input(event)) input_times.push_back(event.time);
    }

    auto bursts = pointer_bursts(stream, devices);
    std::map<std::string, std::vector<Burst>> micro;
    for (auto& burst : bursts) {
        // Isolated: no other input (keys, other devices) while it lasted.
        auto first = std::lower_bound(input_times.begin(), input_times.end(), burst.start);
        auto after = std::upper_bound(input_times.begin(), input_times.end(), burst.end);
        if (std::size_t(after - first) != burst.moves) continue;
        if (first != input_times.begin()) burst.idle_before = burst.start - *(first - 1);
        if (is_micro(burst, devices[burst.device])) micro[burst.device].push_back(burst);
    }

    std::vector<Finding> findings;
    for (const auto& [id, list] : micro) {
        auto cadence = regular_cadence(list);
        if (!cadence) continue;
        const auto& device = devices[id];
        std::vector<double> moves, spacing, extent_x, extent_y;
        for (const auto& burst : list) {
            moves.push_back(double(burst.moves));
            if (!burst.gaps.empty()) spacing.push_back(median(burst.gaps) * 1000);
            extent_x.push_back(burst.max_x - burst.min_x);
            extent_y.push_back(burst.max_y - burst.min_y);
        }
        double median_moves = median(moves);
        double median_spacing = spacing.empty() ? 0 : median(spacing);
        auto family = classify(list, *cadence, device, median_moves, median_spacing);

        nlohmann::json intervals = nlohmann::json::array();
        for (double sample : cadence->samples)
            if (intervals.size() < evidence_intervals) intervals.push_back(round_to(sample, 2));
        Finding finding;
        finding.rule = family.rule;
        finding.category = family.severity == Severity::high ? "kvm" : "anomaly";
        finding.severity = family.severity;
        finding.title = family.title;
        finding.subject = input_subject_name(device);
        finding.evidence = {{"device_path", device.path},
                            {"device_kind", to_string(device.kind)},
                            {"bursts", list.size()},
                            {"idle_before_s", intervals},
                            {"cadence_s", round_to(cadence->median, 2)},
                            {"jitter_cv", round_to(cadence->cv, 3)},
                            {"jitter_max_pct", round_to(cadence->max_deviation * 100, 1)},
                            {"moves_per_burst", median_moves},
                            {"spacing_ms", round_to(median_spacing, 1)},
                            {"extent_units", {median(extent_x), median(extent_y)}},
                            {"mode", list.back().absolute ? "absolute" : "relative"}};
        if (list.back().absolute) finding.evidence["last_position"] = {list.back().end_x, list.back().end_y};
        findings.push_back(std::move(finding));
    }
    return findings;
}

}  // namespace kiosk::host
