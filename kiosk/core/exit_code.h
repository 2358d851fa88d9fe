// Process exit codes shared by every subcommand (DESIGN.md, "Command line").
#pragma once

namespace kiosk {

enum ExitCode : int {
    exit_ok = 0,          // done, nothing at or above --fail-on
    exit_findings = 1,    // findings at or above --fail-on
    exit_bad_input = 2,   // bad usage or bad input: one line on stderr, nothing written
    exit_internal = 3,    // a bug or an environment failure we did not expect
};

}  // namespace kiosk
