// Placeholder: replaced by the issue that builds `kiosk ledger correlate`.
#include "cli/common.h"

namespace kiosk::cli {

int run_ledger_correlate(std::span<const std::string>, Io& io) { return bad_input(io, "ledger correlate", "not built yet"); }

}  // namespace kiosk::cli
