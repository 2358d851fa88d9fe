// `kiosk watch [--root DIR] [--json] [--record FILE] [--replay FILE] [--fail-on SEVERITY]`
// Live: hot-plug changes judged by the scan rules and input behaviour judged by the detectors, one
// line per event, until SIGTERM or SIGINT. --replay FILE: a recording through the same detectors.
#include <cerrno>
#include <cstring>
#include <fstream>

#include "cli/common.h"
#include "cli/stop_signals.h"
#include "core/exit_code.h"
#include "host/input_detectors.h"
#include "host/input_recording.h"
#include "host/watch.h"

namespace kiosk::cli {

const std::string_view watch_usage =
    "usage: kiosk watch [--root DIR] [--json] [--record FILE] [--fail-on SEVERITY] [--config FILE]\n"
    "       kiosk watch --replay FILE [--json] [--fail-on SEVERITY] [--config FILE]\n"
    "Live: hot-plug changes judged by the scan rules and input behaviour judged by the detectors, one line\n"
    "per event, until SIGTERM or SIGINT; --record FILE saves the events. --replay FILE runs a recording\n"
    "through the same detectors. Exit 0, or 1 with findings at or above --fail-on (default scan.fail_on).\n";

namespace {

void print_human(std::ostream& out, const nlohmann::json& line) {
    auto finding_line = [&](const nlohmann::json& finding) {
        out << "  [" << finding.value("severity", "") << "] " << finding.value("rule", "") << ": "
            << finding.value("title", "") << " — " << finding.value("subject", "") << "\n";
    };
    const auto event = line.value("event", "");
    if (event == "status") {
        for (const auto& what : line["watching"]) out << "watching " << what.get<std::string>() << "\n";
        for (const auto& item : line["not_watching"])
            out << "not watching " << item.value("what", "") << ": " << item.value("why", "") << "\n";
    } else if (event == "hotplug") {
        out << "hot-plug " << line.value("action", "") << " " << line.value("subsystem", "") << " "
            << line.value("syspath", "") << " (host verdict " << line.value("verdict", "") << ")\n";
        for (const auto& finding : line["new_findings"]) finding_line(finding);
    } else if (event == "finding") {
        finding_line(line["finding"]);
    } else if (event == "error") {
        out << "error: " << line.value("message", "") << "\n";
    } else if (event == "stopped") {
        out << "stopped after " << line["input_events"] << " input events, " << line["findings"] << " findings\n";
    } else if (event == "summary") {
        out << line.value("source", "") << ": " << line["input_events"] << " input events on " << line["devices"]
            << " devices, " << line["findings"] << " findings\n";
    }
}

int replay_file(const std::string& file, bool json, Severity fail_on, Io& io) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return bad_input(io, "watch", file + ": cannot open");
    auto stream = host::read_recording(in, file);
    if (!stream) return report(io, "watch", stream.error());
    auto findings = host::detect_input_behaviour(*stream);
    auto emit = [&](const nlohmann::json& line) {
        if (json) io.out << json_text(line) << "\n";
        else print_human(io.out, line);
    };
    for (const auto& finding : findings) emit({{"event", "finding"}, {"source", "input"}, {"finding", to_json(finding)}});
    std::size_t inputs = 0, devices = 0;
    for (const auto& event : *stream) {
        inputs += host::is_input(event);
        devices += event.type == host::InputEventType::device_added;
    }
    emit({{"event", "summary"}, {"source", file}, {"input_events", inputs}, {"devices", devices}, {"findings", findings.size()}});
    return exit_for(findings, fail_on);
}

}  // namespace

int run_watch(std::span<const std::string> argv, Io& io) {
    auto args = Args::parse(argv, {{"--json"}, {"--root", "--record", "--replay", "--fail-on"}, 0});
    if (!args) return report(io, "watch", args.error());
    auto config = config_from(*args);
    if (!config) return report(io, "watch", config.error());
    auto fail_on = fail_on_from(*args, *config, "scan.fail_on");
    if (!fail_on) return report(io, "watch", fail_on.error());
    bool json = args->flag("--json");

    if (auto file = args->option("--replay")) {
        if (args->option("--record") || args->option("--root"))
            return bad_input(io, "watch", "--replay reads a recording; it takes neither --record nor --root");
        return replay_file(*file, json, *fail_on, io);
    }

    auto rules = host::RuleSet::load(config->string("scan.rules_dir"));
    if (!rules) return report(io, "watch", rules.error());
    host::WatchOptions options;
    if (auto root = args->option("--root")) {
        std::error_code error;
        if (!std::filesystem::is_directory(*root, error)) return bad_input(io, "watch", *root + ": not a directory");
        options.root = *root;
    }
    std::ofstream record;
    if (auto file = args->option("--record")) {
        errno = 0;
        record.open(*file, std::ios::binary | std::ios::trunc);
        if (!record) {
            // A folder that is not there is a wrong argument; a write the system refuses is I/O.
            const int cause = errno;
            return report(io, "watch", Error{*file + ": cannot write the recording (" + std::strerror(cause) + ")",
                                             cause == ENOENT ? ErrorKind::not_found : ErrorKind::io});
        }
        options.record = &record;
    }

    StopSignals signals;
    options.stop_fd = signals.fd();
    auto findings = host::watch(options, *rules, [&](const nlohmann::json& line) {
        if (json) io.out << json_text(line) << "\n";
        else print_human(io.out, line);
        io.out.flush();
    });
    if (record && !record.flush()) {
        io.err << "kiosk watch: the recording could not be written completely\n";
        return exit_internal;
    }
    return exit_for(findings, *fail_on);
}

}  // namespace kiosk::cli
