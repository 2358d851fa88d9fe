#include <array>

#include "agent/commands.h"

namespace kiosk::agent {
namespace {

constexpr std::array command_list{
    cli::Command{"scan", "inspect this machine for KVM-over-IP, capture and remote-control hardware (as kiosk scan)",
                 &cli::scan_usage, cli::run_scan},
    cli::Command{"run", "scan periodically and watch, keeping what changed in a signed ledger", &run_usage, run_agent},
};

constexpr std::array files{
    cli::ProgramFile{"/var/lib/kiosk-agent", "the agent's ledger and signing key (kiosk-agent.service's state directory)"},
};

constexpr cli::Program program{"kiosk-agent",
                               "endpoint agent: KVM-over-IP hardware and remote-control software on a company laptop, "
                               "in a signed ledger",
                               command_list, nullptr, files};

}  // namespace

const cli::Program& agent_program() { return program; }

}  // namespace kiosk::agent
