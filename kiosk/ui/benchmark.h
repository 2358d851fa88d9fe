// The UI benchmark: frame time of the whole kiosk frame (input, layout, video upload, render, swap)
// while the interview source is captured and analysed on its own threads.
#pragma once
#include <ostream>

#include "core/result.h"
#include "ui/controller.h"
#include "ui/platform.h"
#include "ui/shell.h"

namespace kiosk::ui {

Result<void> run_benchmark(Shell& shell, Controller& controller, Platform& platform, double seconds, std::ostream& out);

}  // namespace kiosk::ui
