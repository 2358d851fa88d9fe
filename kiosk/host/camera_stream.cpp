#include "host/camera_stream.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "media/source_spec.h"
#include "media/stream_signals.h"

namespace kiosk::host {
namespace {

struct SignalSeverity {
    std::string_view id;
    Severity severity;
};
// How much each suspicious stream signal weighs; ids are media's registered checks.
constexpr SignalSeverity signal_severities[] = {
    {"injection.zero_temporal_diff", Severity::medium}, {"injection.temporal_noise", Severity::medium},
    {"injection.interval_jitter", Severity::low},       {"injection.duplicate_frames", Severity::medium},
    {"injection.frozen_frames", Severity::high},         {"injection.looped_content", Severity::high},
    {"injection.virtual_camera_mode", Severity::low},   {"injection.block_grid", Severity::low},
};

Severity severity_of(std::string_view id) {
    for (const auto& entry : signal_severities)
        if (entry.id == id) return entry.severity;
    return Severity::low;
}

const media::Signal* signal_named(const std::vector<media::Signal>& signals, std::string_view id) {
    for (const auto& signal : signals)
        if (signal.id == id) return &signal;
    return nullptr;
}

// A noise-floor signal measured well and within a sensor's range.
bool sensor_like(const std::vector<media::Signal>& signals, std::string_view id) {
    const auto* signal = signal_named(signals, id);
    const auto* descriptor = media::StreamSignals::find(id);
    return signal && descriptor && signal->confidence >= 0.5 && !media::is_suspicious(*descriptor, *signal);
}

}  // namespace

Result<StreamReport> sample_stream(media::FrameSource& source, const std::string& name, bool live, double seconds) {
    StreamReport report;
    report.source = name;
    media::StreamSignals signals({.live = live, .nominal_fps = source.nominal_fps()});
    auto started = std::chrono::steady_clock::now();
    double first_pts = std::nan("");
    while (true) {
        auto frame = source.next();
        if (!frame) return std::unexpected(frame.error());
        if (!*frame) break;
        const auto& picture = **frame;
        if (std::isnan(first_pts)) first_pts = picture.pts_seconds;
        double elapsed = live || std::isnan(picture.pts_seconds)
                             ? std::chrono::duration<double>(picture.arrival - started).count()
                             : picture.pts_seconds - first_pts;
        if (elapsed >= seconds) break;
        signals.feed(picture);
        report.seconds = elapsed;
    }
    report.frames = signals.frames();
    report.signals = signals.results();
    report.stats = source.stats();
    report.findings = stream_findings(report.signals, name);
    settle_stream_verdict(report);
    return report;
}

Result<StreamReport> sample_source(const std::string& spec, double seconds, const media::SourceOptions& options) {
    auto parsed = media::parse_source_spec(spec);
    if (!parsed) return std::unexpected(parsed.error());
    auto source = media::open_source(spec, options);
    if (!source) return std::unexpected(source.error());
    return sample_stream(**source, spec, media::is_live(parsed->kind), seconds);
}

std::vector<Finding> stream_findings(const std::vector<media::Signal>& signals, const std::string& subject) {
    std::vector<Finding> findings;
    for (const auto& signal : signals) {
        const auto* descriptor = media::StreamSignals::find(signal.id);
        if (!descriptor || !media::is_suspicious(*descriptor, signal)) continue;
        findings.push_back({signal.id, "injection", severity_of(signal.id),
                            std::string(descriptor->title) + ": " + signal.explanation, subject,
                            {{"value", signal.value}, {"confidence", signal.confidence}, {"unit", descriptor->unit}}});
    }
    return findings;
}

void settle_stream_verdict(StreamReport& report) {
    std::stable_sort(report.findings.begin(), report.findings.end(),
                     [](const Finding& a, const Finding& b) { return a.severity > b.severity; });
    auto worst = worst_severity(report.findings);
    bool noise_floor = sensor_like(report.signals, "injection.zero_temporal_diff") &&
                       sensor_like(report.signals, "injection.temporal_noise");
    if (worst && *worst >= Severity::high) {
        report.verdict = Verdict::fail;
        report.explanation = "The stream carries the marks of injected video: " + report.findings.front().title;
    } else if (worst) {
        report.verdict = Verdict::review;
        report.explanation = "Some signals look unlike a live sensor: " + report.findings.front().title;
    } else if (!noise_floor) {
        report.verdict = Verdict::review;
        report.explanation = "No positive evidence of a sensor: the noise floor could not be measured with confidence "
                             "(too short, or the whole scene moved).";
    } else {
        report.verdict = Verdict::pass;
        report.explanation = "The stream shows a sensor's noise floor and no sign of repetition or re-encoding.";
    }
}

Result<void> challenge_camera(const CameraEvidence& evidence, media::CameraControls& controls,
                              media::FrameSource& source, CameraReport& report) {
    auto plans = media::plan_challenges(evidence.probe, controls);
    if (plans.empty()) return {};  // no controls to challenge: camera.no_sensor_controls already says so
    nlohmann::json outcomes = nlohmann::json::array();
    bool any_responded = false;
    for (const auto& plan : plans) {
        auto result = media::run_challenge(plan, controls, source);
        if (!result) return std::unexpected(result.error());
        any_responded = any_responded || result->responded;
        outcomes.push_back({{"control", result->control}, {"responded", result->responded},
                            {"frames", result->frames_to_respond}, {"before", result->before},
                            {"after", result->after}, {"explanation", result->explanation}});
        if (result->responded) report.sensor_evidence.push_back(result->explanation);
    }
    if (!any_responded) {
        report.findings.push_back({"camera.challenge.inert", "injection", Severity::high,
                                   "The camera's exposure, gain or white balance changed but the picture did not "
                                   "follow: the frames do not come from the sensor those controls drive",
                                   report.device + " (" + report.name + ")", {{"challenges", outcomes}}});
        report.sensor_proven = false;
    }
    settle_verdict(report);
    return {};
}

nlohmann::json signals_json(const std::vector<media::Signal>& signals) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& signal : signals)
        out[signal.id] = {{"value", signal.value}, {"confidence", signal.confidence}, {"explanation", signal.explanation}};
    return out;
}

nlohmann::json to_json(const StreamReport& report) {
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& finding : report.findings) findings.push_back(to_json(finding));
    return {{"source", report.source},
            {"verdict", to_string(report.verdict)},
            {"explanation", report.explanation},
            {"frames", report.frames},
            {"seconds", report.seconds},
            {"dropped", report.stats.dropped},
            {"duplicated", report.stats.duplicated},
            {"findings", findings},
            {"signals", signals_json(report.signals)}};
}

}  // namespace kiosk::host
