// kiosk-agent run [--root DIR] [--data-dir DIR] [--config FILE]: the agent as a service. The watch
// (kiosk watch's: hot-plug, input behaviour) runs on its own thread; this one scans at start and every
// agent.scan_interval_seconds. Both hand what they find to one Recorder, under one lock with stdout,
// and what was recorded goes on to the fleet store when one is configured.
#include <poll.h>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>

#include "agent/commands.h"
#include "agent/recorder.h"
#include "cli/common.h"
#include "cli/scan_options.h"
#include "cli/stop_signals.h"
#include "core/exit_code.h"
#include "core/printable.h"
#include "fleet/push.h"
#include "host/watch.h"

namespace kiosk::agent {

const std::string_view run_usage =
    "usage: kiosk-agent run [--root DIR] [--data-dir DIR] [--config FILE]\n"
    "Until SIGTERM or SIGINT: a full scan (as kiosk scan) at start and every agent.scan_interval_seconds,\n"
    "and in between the watch (as kiosk watch: hot-plug judged by the scan rules, input behaviour by the\n"
    "KVM detectors). A scan whose findings differ from the last one recorded, and every watch finding,\n"
    "become signed records in the agent's own ledger: --data-dir DIR, else agent.data_dir, else\n"
    "$XDG_DATA_HOME/kiosk-agent. Stopping signs a checkpoint over them. With a fleet store configured\n"
    "(KIOSK_FLEET_URL or [fleet] url) the ledger is pushed to it after the first scan and after each record;\n"
    "a store out of reach is a \"push\" event with an error, and the next scan tries again (nothing is lost).\n"
    "One JSON line per event on stdout.\n"
    "Exit 0 stopped, 2 bad input, 5 the ledger could not be written or sealed.\n";

namespace {

using Clock = std::chrono::steady_clock;

// --data-dir, else agent.data_dir, else the agent's folder beside the kiosk's default one.
Result<std::string> data_dir(const Args& args, const Config& config) {
    if (auto given = args.option("--data-dir")) return *given;
    if (auto configured = config.string("agent.data_dir"); !configured.empty()) return configured;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return (std::filesystem::path(xdg) / "kiosk-agent").string();
    if (const char* home = std::getenv("HOME"); home && *home)
        return (std::filesystem::path(home) / ".local" / "share" / "kiosk-agent").string();
    return fail("no data directory: pass --data-dir, or set agent.data_dir, XDG_DATA_HOME or HOME");
}

// Waits for the stop pipe up to `timeout`; true once it is readable (a signal's EINTR just waits on).
bool stop_within(int stop_fd, Clock::duration timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd entry{stop_fd, POLLIN, 0};
        if (::poll(&entry, 1, static_cast<int>(std::min<long long>(left, 60'000))) > 0) return true;
    }
}

class Agent {
public:
    Agent(cli::Io& io, const Config& config, Recorder recorder) : io_(io), config_(config), recorder_(std::move(recorder)) {}

    void scan(const host::InspectOptions& options, const host::RuleSet& rules) {
        auto report = host::inspect(options, rules);  // outside the lock: the watch goes on meanwhile
        std::lock_guard lock(mutex_);
        if (!report) return error(report.error());
        nlohmann::json line{{"event", "scan"}, {"verdict", to_string(report->verdict)}, {"findings", report->findings.size()}};
        auto recorded = recorder_.scan(*report);
        if (!recorded) error(recorded.error());
        emit(line, recorded ? *recorded : std::nullopt);
        if (recorded && *recorded) unpushed_ = true;
        if (unpushed_) push();
    }

    void watch_line(const nlohmann::json& line) {
        std::lock_guard lock(mutex_);
        if (line.value("event", "") == "error") return error(Error{line.value("message", ""), ErrorKind::io});
        auto recorded = recorder_.watch_line(line);
        if (!recorded) error(recorded.error());
        emit(line, recorded ? *recorded : std::nullopt);
        if (!recorded || !*recorded) return;
        unpushed_ = true;
        if (!push_failed_) push();
    }

    // The watch thread's end, whatever ended it.
    void watch_failed(const std::string& why) {
        std::lock_guard lock(mutex_);
        error(Error{"the watch stopped: " + why, ErrorKind::internal});
    }

    Result<std::uint64_t> seal() {
        std::lock_guard lock(mutex_);
        auto size = recorder_.seal();
        if (size) emit({{"event", "sealed"}, {"records", *size}}, std::nullopt);
        return size;
    }

private:
    // The line on stdout (the journal), with the records it became: "recorded": [first, last].
    void emit(nlohmann::json line, const std::optional<ledger::Appended>& appended) {
        if (appended) {
            line["recorded"] = {appended->first, appended->last};
            if (appended->unsealed) error(*appended->unsealed);
        } else if (line.value("event", "") == "scan") {
            line["recorded"] = nullptr;  // unchanged since the last scan recorded
        }
        io_.out << json_text(line) << "\n" << std::flush;
    }

    void error(const Error& error) { cli::report(io_, "run", error); }

    // Sends the store what it lacks (under the lock: the push reads the ledger the recorder writes).
    // After an error only scans try again, so a store out of reach holds the watch up for at most one
    // connect timeout per scan interval, and a flood of watch findings does not each wait for it.
    void push() {
        auto pushed = fleet::push_to_configured(config_, recorder_.ledger());
        push_failed_ = !pushed;
        if (!pushed) return emit({{"event", "push"}, {"error", pushed.error().message}}, std::nullopt);
        unpushed_ = false;
        if (!*pushed) return;  // no fleet configured
        auto line = fleet::to_json(**pushed);
        line["event"] = "push";
        emit(std::move(line), std::nullopt);
    }

    cli::Io& io_;
    const Config& config_;
    Recorder recorder_;
    std::mutex mutex_;
    bool unpushed_ = true;  // the store may lack records: at start, after offline runs and records
    bool push_failed_ = false;
};

}  // namespace

int run_agent(std::span<const std::string> argv, cli::Io& io) {
    auto args = Args::parse(argv, {{}, {"--root", "--data-dir"}, 0});
    if (!args) return cli::report(io, "run", args.error());
    auto config = cli::config_from(*args);
    if (!config) return cli::report(io, "run", config.error());
    auto options = cli::scan_options(*args, *config);
    if (!options) return cli::report(io, "run", options.error());
    std::error_code not_there;
    if (!std::filesystem::is_directory(options->root, not_there))
        return cli::bad_input(io, "run", options->root.string() + ": not a directory");
    auto rules = host::RuleSet::load(options->rules_dir);
    if (!rules) return cli::report(io, "run", rules.error());
    auto dir = data_dir(*args, *config);
    if (!dir) return cli::report(io, "run", dir.error());
    auto ledger_options = ledger::options_from(*config, *dir);
    if (!ledger_options) return cli::report(io, "run", ledger_options.error());
    auto ledger = ledger::Ledger::open(*ledger_options);
    if (!ledger) return cli::report(io, "run", ledger.error());
    auto recorder = Recorder::open(std::move(*ledger));
    if (!recorder) return cli::report(io, "run", recorder.error());
    const auto interval = std::chrono::seconds(config->integer("agent.scan_interval_seconds"));

    Agent agent(io, *config, std::move(*recorder));
    cli::StopSignals signals;
    host::WatchOptions watch_options;
    watch_options.root = options->root;
    watch_options.stop_fd = signals.fd();
    std::thread watcher([&] {
        try {
            host::watch(watch_options, *rules, [&](const nlohmann::json& line) { agent.watch_line(line); });
        } catch (const std::exception& error) {
            agent.watch_failed(error.what());
        }
    });
    do agent.scan(*options, *rules);
    while (!stop_within(signals.fd(), interval));
    watcher.join();

    auto sealed = agent.seal();
    return sealed ? exit_ok : cli::report(io, "run", sealed.error());
}

}  // namespace kiosk::agent
