// Helpers every subcommand shares: errors as one line + the exit code of their kind, config, --fail-on, JSON out.
#pragma once
#include <nlohmann/json.hpp>
#include <string_view>

#include "cli/commands.h"
#include "core/args.h"
#include "core/config.h"
#include "core/finding.h"
#include "core/json_text.h"

namespace kiosk::cli {

// Prints "PROGRAM COMMAND: MESSAGE" on stderr, MESSAGE escaped to one line, and returns exit_bad_input.
int bad_input(Io& io, std::string_view command, std::string_view message);
// The same line for an Error, returning the exit code of its kind (exit_code_for).
int report(Io& io, std::string_view command, const Error& error);

// Loads --config when given, else the embedded defaults.
Result<Config> config_from(const Args& args);

// --fail-on SEVERITY, else `key` in the config (e.g. "scan.fail_on").
Result<Severity> fail_on_from(const Args& args, const Config& config, std::string_view key);

// exit_findings when any finding is at or above `threshold`, else exit_ok.
int exit_for(const std::vector<Finding>& findings, Severity threshold);

// json_text indented by 2, and a newline, on stdout.
void write_json(Io& io, const nlohmann::json& document);

}  // namespace kiosk::cli
