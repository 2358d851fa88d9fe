// Manual pages in roff made from the help text the CLI prints (`kiosk help`, `kiosk COMMAND --help`),
// so that a page never says other than the program. The package generates them at build time.
#pragma once
#include <string>
#include <string_view>

#include "cli/commands.h"

namespace kiosk::cli {

// kiosk(1): `help` is what `kiosk help` prints; the command list comes from commands().
std::string kiosk_man_page(std::string_view help, std::string_view version);

// kiosk-NAME(1), from the command's summary and usage.
std::string command_man_page(const Command& command, std::string_view version);

}  // namespace kiosk::cli
