#include "cli/program.h"

#include <algorithm>
#include <exception>

#include "core/exit_code.h"

namespace kiosk::cli {
namespace {

// `NAME COMMAND ... --help` prints that command's usage, whatever else the arguments hold.
int run_command(const Program& program, const Command& command, std::span<const std::string> args, Io& io) {
    if (std::ranges::find(args, "--help") != args.end()) {
        io.out << usage_text(program, command);
        return exit_ok;
    }
    return command.run(args, io);
}

}  // namespace

void print_help(const Program& program, std::ostream& out) {
    out << "usage: " << program.name << (program.default_command ? " [COMMAND]" : " COMMAND") << " [OPTIONS]\n\ncommands:\n";
    for (const auto& command : program.commands) out << "  " << command.name << "  " << command.summary << "\n";
    out << "\nEach command takes --help. Exit codes: 0 done, 1 findings at or above --fail-on, "
           "2 bad usage or input (also not found, timed out), 3 internal error, 4 a ledger, export or "
           "signature does not verify, 5 the system could not read or write (disk full, read-only, device lost).\n";
}

std::string usage_text(const Program& program, const Command& command) {
    // Usage texts are written for `kiosk`: a synopsis line starts "usage: kiosk " or is indented
    // under it ("       kiosk "). In another program a shared command names that program instead.
    constexpr std::string_view lead = "usage: ", written_for = "kiosk ";
    std::string out;
    std::string_view text = *command.usage;
    while (!text.empty()) {
        const auto line = text.substr(0, std::min(text.find('\n'), text.size() - 1) + 1);
        text.remove_prefix(line.size());
        const bool synopsis = line.starts_with(lead) || line.starts_with(std::string(lead.size(), ' '));
        if (synopsis && line.substr(lead.size()).starts_with(written_for))
            out.append(line.substr(0, lead.size())).append(program.name).append(" ").append(
                line.substr(lead.size() + written_for.size()));
        else
            out.append(line);
    }
    return out;
}

int dispatch(const Program& program, std::span<const std::string> argv, Io& io) {
    Io named{io.out, io.err, program.name};
    try {
        const bool no_command = argv.empty() || (argv[0].starts_with("--") && argv[0] != "--help" && argv[0] != "--version");
        if (no_command && program.default_command) return run_command(program, *program.default_command, argv, named);
        if (no_command) {
            print_help(program, io.err);
            return exit_bad_input;
        }
        if (argv[0] == "help" || argv[0] == "--help") {
            print_help(program, io.out);
            return exit_ok;
        }
        if (argv[0] == "--version") {
            io.out << program.name << " " KIOSK_VERSION "\n";
            return exit_ok;
        }
        for (const auto& command : program.commands)
            if (argv[0] == command.name) return run_command(program, command, argv.subspan(1), named);
        io.err << program.name << ": unknown command '" << argv[0] << "' (see " << program.name << " help)\n";
        return exit_bad_input;
    } catch (const std::exception& error) {
        io.err << program.name << ": internal error: " << error.what() << "\n";
        return exit_internal;
    }
}

}  // namespace kiosk::cli
