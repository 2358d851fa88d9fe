// `kiosk camera [DEVICE | --all] [--root DIR] [--seconds N] [--json]`: judge each camera
// (physical, virtual, capture, unknown). `--source SOURCE [--seconds N]`: the stream-level injection
// signals of any file, URL, screen region or camera. `--record-probe FILE [DEVICE]`: save what a
// live device answers, for fixture trees replayed with --root.
#include <cmath>

#include "cli/common.h"
#include "core/exit_code.h"
#include "host/camera_evidence.h"
#include "host/camera_judge.h"
#include "host/camera_stream.h"
#include "media/probe_file.h"
#include "session/source_options.h"

namespace kiosk::cli {

const std::string_view camera_usage =
    "usage: kiosk camera [DEVICE | --all] [--root DIR] [--seconds N] [--json] [--fail-on SEVERITY] [--config FILE]\n"
    "       kiosk camera --source SOURCE [--seconds N] [--json] [--fail-on SEVERITY] [--config FILE]\n"
    "       kiosk camera --record-probe FILE [DEVICE]\n"
    "Judges each camera: physical, virtual, capture or unknown; --seconds N also samples live cameras' streams.\n"
    "--source judges the stream of a video file, URL, /dev/videoN or screen:X,Y,WxH: N seconds of video\n"
    "(default camera.sample_seconds), counted by the frames' timestamps for a file. Opening or reading a\n"
    "source gives up after camera.timeout_seconds. --record-probe saves what a live device answers, for\n"
    "fixture trees replayed with --root. Exit 0 nothing at or above --fail-on (default camera.fail_on),\n"
    "1 findings at or above it, 2 bad input.\n";

namespace {

constexpr std::string_view command = "camera";
constexpr double max_seconds = 3600;

void print_findings(Io& io, const std::vector<Finding>& findings) {
    for (const auto& finding : findings)
        io.out << "  " << to_string(finding.severity) << "  " << finding.rule << "  " << finding.title << "\n";
}

void print_camera(Io& io, const host::CameraReport& report) {
    io.out << report.device << "  \"" << report.name << "\"  " << host::to_string(report.verdict) << "\n  " << report.explanation << "\n";
    print_findings(io, report.findings);
    for (const auto& item : report.sensor_evidence) io.out << "  sensor evidence: " << item << "\n";
}

void print_stream(Io& io, const host::StreamReport& report) {
    io.out << report.source << "  " << to_string(report.verdict) << "  (" << report.frames << " frames, " << report.seconds
           << " s)\n  " << report.explanation << "\n";
    print_findings(io, report.findings);
    for (const auto& signal : report.signals)
        io.out << "  " << signal.id << " = " << signal.value << " (confidence " << signal.confidence << "): "
               << signal.explanation << "\n";
}

// --seconds, else camera.sample_seconds (its range was checked when the config loaded).
Result<double> seconds_from(const Args& args, const Config& config) {
    auto given = args.number("--seconds");
    if (!given) return std::unexpected(given.error());
    if (!*given) return static_cast<double>(config.integer("camera.sample_seconds"));
    if (!(**given > 0 && **given <= max_seconds)) return fail("--seconds takes a number of seconds between 0 and 3600");
    return **given;
}

int record_probe(const Args& args, Io& io) {
    if (args.option("--root") || args.option("--source") || args.flag("--all") || args.option("--seconds"))
        return bad_input(io, command, "--record-probe takes only an output file and a device");
    std::string device = args.positionals().empty() ? "/dev/video0" : args.positionals()[0];
    auto probe = media::probe_device(device);
    if (!probe) return report(io, command, probe.error());
    std::string file = *args.option("--record-probe");
    if (auto written = media::write_probe_file(file, *probe); !written)
        return report(io, command, written.error());
    if (args.flag("--json")) write_json(io, {{"device", device}, {"probe_file", file}});
    else io.out << "recorded " << device << " (" << probe->driver << ", \"" << probe->card << "\") to " << file << "\n";
    return exit_ok;
}

int judge_source(const Args& args, const Config& config, Severity fail_on, Io& io) {
    if (!args.positionals().empty() || args.flag("--all") || args.option("--root"))
        return bad_input(io, command, "--source takes no device, --all or --root");
    auto seconds = seconds_from(args, config);
    if (!seconds) return report(io, command, seconds.error());
    auto options = session::source_options(config);
    options.reconnect = false;  // a one-off measurement: a lost source is an error, not a wait
    auto report = host::sample_source(*args.option("--source"), *seconds, options);
    if (!report) return cli::report(io, command, report.error());
    if (args.flag("--json")) write_json(io, host::to_json(*report));
    else print_stream(io, *report);
    return exit_for(report->findings, fail_on);
}

// Samples a live camera's stream and runs its control challenge, adding both to the report.
Result<void> sample_camera(const host::CameraEvidence& evidence, double seconds, host::CameraReport& report) {
    media::SourceOptions options;
    options.reconnect = false;
    auto source = media::open_source(evidence.device, options);
    if (!source) return std::unexpected(source.error());
    auto stream = host::sample_stream(**source, evidence.device, true, seconds);
    if (!stream) return std::unexpected(stream.error());
    for (auto& finding : stream->findings) {
        finding.subject = report.device + " (" + report.name + ")";
        report.findings.push_back(std::move(finding));
    }
    report.signals = host::signals_json(stream->signals);
    auto controls = media::open_v4l2_controls(evidence.device);
    if (!controls) return std::unexpected(controls.error());
    return host::challenge_camera(evidence, **controls, **source, report);
}

int judge_cameras(const Args& args, Severity fail_on, Io& io) {
    if (args.flag("--all") && !args.positionals().empty())
        return bad_input(io, command, "give a device or --all, not both");
    host::CameraQuery query;
    query.root = args.option("--root").value_or("/");
    query.device = args.positionals().empty() ? "" : args.positionals()[0];
    std::optional<double> seconds;
    if (args.option("--seconds")) {
        auto given = args.number("--seconds");
        if (!given) return report(io, command, given.error());
        if (!(**given > 0 && **given <= max_seconds))
            return bad_input(io, command, "--seconds takes a number of seconds between 0 and 3600");
        if (!host::is_live_root(query.root))
            return bad_input(io, command, "--seconds samples live cameras; --root replays recorded probes, which hold no video");
        seconds = **given;
    }
    auto cameras = host::gather_cameras(query);
    if (!cameras) return report(io, command, cameras.error());

    std::vector<Finding> all_findings;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& evidence : *cameras) {
        auto report = host::judge_camera(evidence);
        if (seconds && evidence.probe.has(V4L2_CAP_VIDEO_CAPTURE)) {
            if (auto sampled = sample_camera(evidence, *seconds, report); !sampled)
                return cli::report(io, command, sampled.error());
        }
        all_findings.insert(all_findings.end(), report.findings.begin(), report.findings.end());
        if (args.flag("--json")) list.push_back(host::to_json(report));
        else print_camera(io, report);
    }
    if (args.flag("--json")) write_json(io, {{"cameras", list}});
    else if (cameras->empty()) io.out << "no cameras\n";
    return exit_for(all_findings, fail_on);
}

}  // namespace

int run_camera(std::span<const std::string> argv, Io& io) {
    auto args = Args::parse(argv, ArgSpec{.flags = {"--json", "--all"},
                                          .options = {"--root", "--seconds", "--source", "--record-probe", "--fail-on"},
                                          .max_positionals = 1});
    if (!args) return report(io, command, args.error());
    auto config = config_from(*args);
    if (!config) return report(io, command, config.error());
    auto fail_on = fail_on_from(*args, *config, "camera.fail_on");
    if (!fail_on) return report(io, command, fail_on.error());
    if (args->option("--record-probe")) return record_probe(*args, io);
    if (args->option("--source")) return judge_source(*args, *config, *fail_on, io);
    return judge_cameras(*args, *fail_on, io);
}

}  // namespace kiosk::cli
