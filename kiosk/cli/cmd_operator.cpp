// Placeholder: replaced by the issue that builds `kiosk operator`.
#include "cli/common.h"

namespace kiosk::cli {

int run_operator(std::span<const std::string>, Io& io) { return bad_input(io, "operator", "not built yet"); }

}  // namespace kiosk::cli
