// Placeholder: replaced by the issue that builds `kiosk watch`.
#include "cli/common.h"

namespace kiosk::cli {

int run_watch(std::span<const std::string>, Io& io) { return bad_input(io, "watch", "not built yet"); }

}  // namespace kiosk::cli
