// Bash completion made from a program's command list and each command's usage text (the words
// `NAME help` and `NAME COMMAND --help` print), so that it offers exactly what the CLI accepts.
#pragma once
#include <span>
#include <string>
#include <vector>

#include "cli/program.h"

namespace kiosk::cli {

// The --options a usage text names, each once, in order of appearance.
std::vector<std::string> usage_options(std::string_view usage);
// The subcommands a usage text names: the lowercase word after `PROGRAM NAME` on each usage line
// (`kiosk ledger list ...` gives "list").
std::vector<std::string> usage_subcommands(std::string_view usage, std::string_view program, std::string_view name);

// A bash script defining _NAME (dashes as underscores: _kiosk, _kiosk_agent) and `complete -F _NAME NAME`.
std::string bash_completion(const Program& program);

}  // namespace kiosk::cli
