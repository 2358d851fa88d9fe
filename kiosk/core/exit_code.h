// Process exit codes shared by every subcommand, and the one table from error kind to exit code
// (README, "Exit codes"). Scripts rely on these numbers: change them only with the README.
#pragma once
#include "core/result.h"

namespace kiosk {

enum ExitCode : int {
    exit_ok = 0,          // done, nothing at or above --fail-on
    exit_findings = 1,    // findings at or above --fail-on
    exit_bad_input = 2,   // bad usage or bad input (also: not found, timed out): one line on stderr, nothing written
    exit_internal = 3,    // a bug or an environment failure we did not expect
    exit_tampered = 4,    // a ledger, export or signature does not verify
    exit_io = 5,          // the system could not read or write (disk full, read-only, device lost); the line says what was kept
};

ExitCode exit_code_for(ErrorKind kind);

}  // namespace kiosk
