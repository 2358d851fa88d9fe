#include <algorithm>
#include <array>
#include <exception>

#include "cli/commands.h"
#include "core/exit_code.h"

namespace kiosk::cli {
namespace {

constexpr std::array command_list{
    Command{"ui", "the fullscreen kiosk (also what `kiosk` alone starts)", &ui_usage, run_ui},
    Command{"scan", "inspect this machine for KVM-over-IP, capture and remote-control hardware", &scan_usage, run_scan},
    Command{"edid", "decode and judge EDID blobs", &edid_usage, run_edid},
    Command{"camera", "judge cameras and video sources: physical, virtual, capture or injected", &camera_usage, run_camera},
    Command{"analyze", "score a face video for deepfake manipulation", &analyze_usage, run_analyze},
    Command{"session", "run a verification session headless and record it", &session_usage, run_session},
    Command{"ledger", "list, verify, export and purge the attested session ledger", &ledger_usage, run_ledger},
    Command{"operator", "manage the operators who may sign in", &operator_usage, run_operator},
    Command{"watch", "watch hot-plug and input behaviour as it happens", &watch_usage, run_watch},
};

void print_help(std::ostream& out) {
    out << "usage: kiosk [COMMAND] [OPTIONS]\n\ncommands:\n";
    for (const auto& command : command_list) out << "  " << command.name << "  " << command.summary << "\n";
    out << "\nEach command takes --help. Exit codes: 0 done, 1 findings at or above --fail-on, "
           "2 bad usage or input (also not found, timed out), 3 internal error, 4 a ledger, export or "
           "signature does not verify, 5 the system could not read or write (disk full, read-only, device lost).\n";
}

// `kiosk COMMAND ... --help` prints that command's usage, whatever else the arguments hold.
int run_command(const Command& command, std::span<const std::string> args, Io& io) {
    if (std::ranges::find(args, "--help") != args.end()) {
        io.out << *command.usage;
        return exit_ok;
    }
    return command.run(args, io);
}

}  // namespace

std::span<const Command> commands() { return command_list; }

int dispatch(std::span<const std::string> argv, Io& io) {
    try {
        if (argv.empty() || (argv[0].starts_with("--") && argv[0] != "--help" && argv[0] != "--version"))
            return run_command(command_list.front(), argv, io);  // `kiosk [OPTIONS]` is `kiosk ui [OPTIONS]`
        if (argv[0] == "help" || argv[0] == "--help") {
            print_help(io.out);
            return exit_ok;
        }
        if (argv[0] == "--version") {
            io.out << "kiosk " KIOSK_VERSION "\n";
            return exit_ok;
        }
        for (const auto& command : command_list)
            if (argv[0] == command.name) return run_command(command, argv.subspan(1), io);
        io.err << "kiosk: unknown command '" << argv[0] << "' (see kiosk help)\n";
        return exit_bad_input;
    } catch (const std::exception& error) {
        io.err << "kiosk: internal error: " << error.what() << "\n";
        return exit_internal;
    }
}

}  // namespace kiosk::cli
