// Placeholder: replaced by the issue that builds `kiosk session`.
#include "cli/common.h"

namespace kiosk::cli {

int run_session(std::span<const std::string>, Io& io) { return bad_input(io, "session", "not built yet"); }

}  // namespace kiosk::cli
