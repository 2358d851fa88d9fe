// A program of subcommands: `kiosk` and `kiosk-agent` are each one, and share the dispatcher, the
// help, the --version line and the man pages and completion made from them (cli/man_page.h,
// cli/completion.h), so that both binaries answer alike and name themselves.
#pragma once
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "cli/commands.h"

namespace kiosk::cli {

struct ProgramFile {
    std::string_view path;
    std::string_view what;
};

struct Program {
    std::string_view name;         // the binary: "kiosk", "kiosk-agent"
    std::string_view description;  // what it is, in one line (its man page's NAME)
    std::span<const Command> commands;  // in the order `NAME help` shows them
    // What a command line without a command (or starting with an --option) runs; nullptr: the help
    // on stderr and exit 2.
    const Command* default_command;
    std::span<const ProgramFile> files;  // the man page's FILES
};

// The kiosk's own commands (dispatch.cpp).
const Program& kiosk_program();

// `NAME help`: the synopsis, each command with its summary, the exit codes.
void print_help(const Program& program, std::ostream& out);

// A command's usage as `program` prints it: usage texts name the `kiosk` binary, and a command that
// two programs share (scan) names the one it runs in.
std::string usage_text(const Program& program, const Command& command);

// Dispatches argv (without the program name) to a command; `COMMAND --help` prints its usage,
// `--version` the version; what escapes a command is exit 3. Error lines start with program.name.
int dispatch(const Program& program, std::span<const std::string> argv, Io& io);

}  // namespace kiosk::cli
