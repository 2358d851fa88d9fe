// kiosk-agent's commands: `scan` is the kiosk's own (cli::run_scan), `run` is the agent's.
#pragma once
#include <span>
#include <string>
#include <string_view>

#include "cli/program.h"

namespace kiosk::agent {

extern const std::string_view run_usage;
int run_agent(std::span<const std::string> args, cli::Io& io);

const cli::Program& agent_program();

}  // namespace kiosk::agent
