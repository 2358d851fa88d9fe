// Placeholder: replaced by the issue that builds `kiosk analyze`.
#include "cli/common.h"

namespace kiosk::cli {

int run_analyze(std::span<const std::string>, Io& io) { return bad_input(io, "analyze", "not built yet"); }

}  // namespace kiosk::cli
