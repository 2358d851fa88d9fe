// How correlation groups are shown, for `kiosk ledger correlate` (one kiosk) and `kiosk fleet
// correlate` (every kiosk in the store), and the exit code both give.
#pragma once
#include <span>

#include "cli/commands.h"
#include "ledger/correlate.h"

namespace kiosk::cli {

// The groups as JSON (--json) or one line each, subjects and sessions escaped; exit_findings when
// there is any group, exit_ok otherwise.
int show_correlation(Io& io, bool json, std::span<const ledger::SessionFingerprint> sessions,
                     std::span<const ledger::CorrelationGroup> groups);

}  // namespace kiosk::cli
