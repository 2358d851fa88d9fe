// Bash completion made from the command list and each command's usage text (the words `kiosk help`
// and `kiosk COMMAND --help` print), so that it offers exactly what the CLI accepts.
#pragma once
#include <span>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace kiosk::cli {

// The --options a usage text names, each once, in order of appearance.
std::vector<std::string> usage_options(std::string_view usage);
// The subcommands a usage text names: the lowercase word after `kiosk NAME` on each usage line
// (`kiosk ledger list ...` gives "list").
std::vector<std::string> usage_subcommands(std::string_view usage, std::string_view name);

// A bash script defining _kiosk and `complete -F _kiosk kiosk`.
std::string bash_completion(std::span<const Command> commands);

}  // namespace kiosk::cli
