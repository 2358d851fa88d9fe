// The kiosk application: `kiosk` (fullscreen), `kiosk --windowed`, `kiosk --screenshot DIR` (renders
// every screen to PNG and exits) and the UI benchmark. The only header of kiosk_ui that the CLI
// includes; it names no ImGui, GLFW or OpenGL type.
#pragma once
#include <filesystem>
#include <optional>
#include <ostream>
#include <vector>

#include "ui/controller.h"
#include "ui/operators.h"

namespace kiosk::ui {

struct AppOptions {
    AppContext context;
    bool windowed = false;
    std::optional<std::filesystem::path> screenshot_dir;  // render every screen to DIR/NN-name.png, then exit
    std::optional<double> benchmark_seconds;              // analyse context.source this long, print frame times
};

// Runs the kiosk until an operator quits it; returns the process exit code. One line on `err` for
// anything that stops it from starting (no display, missing font, bad config).
int run_app(const AppOptions& options, std::vector<operators::Account> accounts, std::ostream& out, std::ostream& err);

}  // namespace kiosk::ui
