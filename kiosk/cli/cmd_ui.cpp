// `kiosk` / `kiosk ui`: the fullscreen kiosk; --windowed for development, --screenshot DIR to render
// every screen to PNG and exit.
#include <unistd.h>

#include "cli/common.h"
#include "core/exit_code.h"
#include "ui/app.h"

namespace kiosk::cli {

const std::string_view ui_usage =
    "usage: kiosk [ui] [--windowed] [--source SOURCE] [--root DIR] [--data-dir DIR] [--config FILE]\n"
    "       kiosk [ui] --screenshot DIR [--windowed] [--source FILE] [--root DIR] [--data-dir DIR]\n"
    "Starts the fullscreen kiosk on the primary monitor. --source preselects the interview's video source,\n"
    "--root inspects a fixture tree instead of this machine, --data-dir holds the ledger. Leaving\n"
    "fullscreen (F11) or quitting (Ctrl+Q) needs an operator's PIN. --screenshot renders every screen\n"
    "of every workflow to DIR/NN-name.png and exits (its sessions go to --data-dir, else a temporary ledger).\n";

namespace {

}  // namespace

int run_ui(std::span<const std::string> argv, Io& io) {
    auto args = Args::parse(argv, ArgSpec{{"--windowed"}, {"--screenshot", "--source", "--root", "--data-dir", "--config"}, 0});
    if (!args) return report(io, "ui", args.error());
    auto config = config_from(*args);
    if (!config) return report(io, "ui", config.error());
    auto accounts = operators::accounts(*config);
    if (!accounts) return report(io, "ui", accounts.error());

    ui::AppOptions options;
    options.context.config = std::move(*config);
    options.context.root = args->option("--root").value_or("/");
    options.context.data_dir = args->option("--data-dir");
    options.context.source = args->option("--source").value_or("");
    options.windowed = args->flag("--windowed");
    if (auto dir = args->option("--screenshot")) options.screenshot_dir = *dir;

    std::optional<std::filesystem::path> temporary;
    if (options.screenshot_dir && !options.context.data_dir) {
        temporary = std::filesystem::temp_directory_path() / ("kiosk-screenshots-" + std::to_string(::getpid()));
        options.context.data_dir = temporary->string();
    }
    const int code = ui::run_app(options, std::move(*accounts), io.out, io.err);
    if (temporary) std::filesystem::remove_all(*temporary);
    return code;
}

}  // namespace kiosk::cli
