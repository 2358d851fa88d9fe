// Manual pages in roff made from the help text the CLI prints (`kiosk help`, `kiosk COMMAND --help`,
// and the same of kiosk-agent),
// so that a page never says other than the program. The package generates them at build time.
#pragma once
#include <string>
#include <string_view>

#include "cli/program.h"

namespace kiosk::cli {

// NAME(1) of a program: `help` is what `NAME help` prints; the command list comes from program.commands.
std::string program_man_page(const Program& program, std::string_view help, std::string_view version);

// NAME-COMMAND(1), from the command's summary and its usage as the program prints it.
std::string command_man_page(const Program& program, const Command& command, std::string_view version);

}  // namespace kiosk::cli
