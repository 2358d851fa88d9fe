// Placeholder: replaced by the issue that builds `kiosk ledger`.
#include "cli/common.h"

namespace kiosk::cli {

int run_ledger(std::span<const std::string>, Io& io) { return bad_input(io, "ledger", "not built yet"); }

}  // namespace kiosk::cli
