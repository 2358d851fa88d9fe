// The subcommands of the `kiosk` binary (kiosk-agent shares scan). Each lives in its own cmd_<name>.cpp and returns an ExitCode.
#pragma once
#include <ostream>
#include <span>
#include <string>
#include <string_view>

namespace kiosk::cli {

struct Io {
    std::ostream& out;  // the JSON document or the human report
    std::ostream& err;  // one clear line per error
    std::string_view program = "kiosk";  // the binary, which error lines start with (cli/program.h)
};

using CommandFn = int (*)(std::span<const std::string> args, Io& io);

struct Command {
    const char* name;
    const char* summary;
    const std::string_view* usage;  // what `kiosk NAME --help` prints
    CommandFn run;
};

// Each command's usage, beside its options in cmd_<name>.cpp. dispatch() answers --help for every
// command with it, so no command handles --help itself.
extern const std::string_view ui_usage, scan_usage, edid_usage, camera_usage, analyze_usage, session_usage,
    ledger_usage, operator_usage, watch_usage, fleet_usage;

int run_ui(std::span<const std::string> args, Io& io);
int run_scan(std::span<const std::string> args, Io& io);
int run_edid(std::span<const std::string> args, Io& io);
int run_camera(std::span<const std::string> args, Io& io);
int run_analyze(std::span<const std::string> args, Io& io);
int run_session(std::span<const std::string> args, Io& io);
int run_ledger(std::span<const std::string> args, Io& io);
int run_operator(std::span<const std::string> args, Io& io);
int run_watch(std::span<const std::string> args, Io& io);
int run_fleet(std::span<const std::string> args, Io& io);
// `kiosk ledger correlate`, reached through run_ledger (lives apart: it reads sessions across subjects).
int run_ledger_correlate(std::span<const std::string> args, Io& io);
// `kiosk fleet list|show|correlate` (VERB), reached through run_fleet: what a reviewer reads from the store.
int run_fleet_review(std::string_view verb, std::span<const std::string> args, Io& io);

// `kiosk ARGV...`: dispatch(kiosk_program(), ...) (cli/program.h).
int dispatch(std::span<const std::string> argv, Io& io);

}  // namespace kiosk::cli
