// Placeholder: replaced by the issue that builds `kiosk scan`.
#include "cli/common.h"

namespace kiosk::cli {

int run_scan(std::span<const std::string>, Io& io) { return bad_input(io, "scan", "not built yet"); }

}  // namespace kiosk::cli
