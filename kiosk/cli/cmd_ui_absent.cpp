// Built instead of cmd_ui.cpp when KIOSK_BUILD_UI is off (the sanitizer and fuzz builds).
#include "cli/common.h"

namespace kiosk::cli {

const std::string_view ui_usage =
    "usage: kiosk [ui]\n"
    "This build has no user interface (configured with KIOSK_BUILD_UI=OFF): use the other commands.\n";

int run_ui(std::span<const std::string>, Io& io) {
    return bad_input(io, "ui", "this build has no user interface (configured with KIOSK_BUILD_UI=OFF)");
}

}  // namespace kiosk::cli
