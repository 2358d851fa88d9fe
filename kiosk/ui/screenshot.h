// Screenshot mode: drives the controller through every screen of every workflow (the same actions
// the screens call), waits for the workers, and writes each rendered frame to DIR/NN-name.png.
#pragma once
#include <filesystem>
#include <ostream>

#include "core/result.h"
#include "ui/controller.h"
#include "ui/platform.h"
#include "ui/shell.h"

namespace kiosk::ui {

Result<void> take_screenshots(Shell& shell, Controller& controller, Platform& platform,
                              const std::filesystem::path& dir, std::ostream& out);

}  // namespace kiosk::ui
