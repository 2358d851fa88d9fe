// Placeholder: replaced by the issue that builds `kiosk ui`.
#include "cli/common.h"

namespace kiosk::cli {

int run_ui(std::span<const std::string>, Io& io) { return bad_input(io, "ui", "not built yet"); }

}  // namespace kiosk::cli
