// Placeholder: replaced by the issue that builds `kiosk edid`.
#include "cli/common.h"

namespace kiosk::cli {

int run_edid(std::span<const std::string>, Io& io) { return bad_input(io, "edid", "not built yet"); }

}  // namespace kiosk::cli
