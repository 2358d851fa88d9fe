#include "ui/app.h"

#include "core/exit_code.h"
#include "ui/benchmark.h"
#include "ui/platform.h"
#include "ui/screenshot.h"
#include "ui/shell.h"

namespace kiosk::ui {

int run_app(const AppOptions& options, std::vector<operators::Account> accounts, std::ostream& out, std::ostream& err) {
    const bool automated = options.screenshot_dir || options.benchmark_seconds;
    auto platform = Platform::open({options.windowed, 1920, 1080, !automated}, options.context.config);
    if (!platform) {
        err << "kiosk ui: " << platform.error().message << "\n";
        return exit_bad_input;
    }
    Controller controller(options.context, std::move(accounts));
    Shell shell(controller, **platform);
    if (options.screenshot_dir) {
        auto taken = take_screenshots(shell, controller, **platform, *options.screenshot_dir, out);
        if (!taken) {
            err << "kiosk ui: " << taken.error().message << "\n";
            return exit_bad_input;
        }
        return exit_ok;
    }
    if (options.benchmark_seconds) {
        auto measured = run_benchmark(shell, controller, **platform, *options.benchmark_seconds, out);
        if (!measured) {
            err << "kiosk ui: " << measured.error().message << "\n";
            return exit_bad_input;
        }
        return exit_ok;
    }
    for (;;) {
        (*platform)->begin_frame();
        const bool running = shell.frame();
        (*platform)->end_frame();
        if (!running) return exit_ok;
    }
}

}  // namespace kiosk::ui
