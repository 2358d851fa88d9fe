// Placeholder: replaced by the issue that builds `kiosk camera`.
#include "cli/common.h"

namespace kiosk::cli {

int run_camera(std::span<const std::string>, Io& io) { return bad_input(io, "camera", "not built yet"); }

}  // namespace kiosk::cli
