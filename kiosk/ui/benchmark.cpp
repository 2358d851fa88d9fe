#include "ui/benchmark.h"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace kiosk::ui {
namespace {

// CPU time of the calling thread: what the UI itself costs per frame, whatever else shares the machine.
double thread_cpu_ms() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

// User + system CPU of a /proc stat file (a process or one thread), in ms; its name in `comm`.
double proc_cpu_ms(const std::filesystem::path& stat, std::string* comm = nullptr) {
    std::ifstream in(stat);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto open = text.find('('), close = text.rfind(')');
    if (open == std::string::npos || close == std::string::npos) return 0;
    if (comm) *comm = text.substr(open + 1, close - open - 1);
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    double ticks = 0;
    for (int index = 3; fields >> field && index <= 15; ++index)
        if (index >= 14) ticks += std::strtod(field.c_str(), nullptr);  // utime, stime
    return ticks * 1000.0 / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// The X server process showing $DISPLAY (Xvfb under the benchmark), if it can be found.
std::optional<std::filesystem::path> x_server_stat() {
    const char* display = std::getenv("DISPLAY");
    if (!display) return std::nullopt;
    std::string name(display);
    name = name.substr(0, name.find('.', name.find(':')));  // ":99.0" → ":99"
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
        std::ifstream in(entry.path() / "cmdline");
        std::string argument;
        bool is_server = false, shows_display = false;
        for (int index = 0; std::getline(in, argument, '\0'); ++index) {
            if (index == 0) is_server = argument.ends_with("Xvfb") || argument.ends_with("Xorg");
            shows_display |= argument == name;
        }
        if (is_server && shows_display) return entry.path() / "stat";
    }
    return std::nullopt;
}

// CPU so far of the parts that draw a frame and of everything else in the process.
struct CpuTotals {
    double ui = 0;        // the UI thread: ImGui, GL command submission
    double raster = 0;    // llvmpipe's rasteriser threads
    double other = 0;     // capture, analysis, workers
    double x_server = 0;  // putting the frame on the (virtual) screen
};

CpuTotals cpu_totals(pid_t ui_thread, const std::optional<std::filesystem::path>& x_server) {
    CpuTotals totals;
    std::error_code error;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", error)) {
        std::string comm;
        const double ms = proc_cpu_ms(task.path() / "stat", &comm);
        if (task.path().filename() == std::to_string(ui_thread)) totals.ui += ms;
        else if (comm.starts_with("llvmpipe")) totals.raster += ms;
    }
    // The rest from the process's total, which keeps the time of threads that have ended (a finished
    // worker job), so that this part never shrinks between two readings.
    totals.other = proc_cpu_ms("/proc/self/stat") - totals.ui - totals.raster;
    if (x_server) totals.x_server = proc_cpu_ms(*x_server);
    return totals;
}

void sort_and_print(std::ostream& out, const char* what, std::vector<double>& ms) {
    std::ranges::sort(ms);
    auto at = [&](double p) { return ms[static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1))]; };
    out << what << " p50 " << at(0.50) << " ms, p95 " << at(0.95) << " ms, max " << ms.back() << " ms\n";
}


// What one measuring run saw.
struct Figures {
    double wall_s = 0;
    std::vector<double> frame_ms, cpu_ms;  // per loop iteration: wall time, UI thread CPU
    std::size_t drawn = 0;                 // iterations that drew and showed a frame
    CpuTotals cpu;                         // spent during the run
    double capture_fps = 0, analysis_fps = 0;
};

Result<Figures> measure(Shell& shell, Controller& controller, Platform& platform, double seconds,
                        const std::optional<std::filesystem::path>& x_server) {
    using Clock = std::chrono::steady_clock;
    Figures figures;
    const pid_t ui_thread = ::gettid();
    const auto cpu_before = cpu_totals(ui_thread, x_server);
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    auto last = start;
    while (Clock::now() < end) {
        const double cpu_start = thread_cpu_ms();
        platform.begin_frame();
        shell.frame();
        figures.drawn += platform.end_frame() ? 1 : 0;
        const auto now = Clock::now();
        figures.frame_ms.push_back(std::chrono::duration<double, std::milli>(now - last).count());
        figures.cpu_ms.push_back(thread_cpu_ms() - cpu_start);
        last = now;
    }
    const auto cpu_after = cpu_totals(ui_thread, x_server);
    const auto video = controller.video();
    if (figures.frame_ms.empty() || !video) return fail("no frames were drawn");
    figures.wall_s = std::chrono::duration<double>(last - start).count();
    figures.cpu = {cpu_after.ui - cpu_before.ui, cpu_after.raster - cpu_before.raster,
                   cpu_after.other - cpu_before.other, cpu_after.x_server - cpu_before.x_server};
    figures.capture_fps = video->capture_fps;
    figures.analysis_fps = video->analysis_fps;
    return figures;
}

void print(std::ostream& out, Figures& figures, bool x_server_found) {
    const double frames = static_cast<double>(figures.frame_ms.size());
    const double drawn = static_cast<double>(std::max<std::size_t>(figures.drawn, 1));
    // Share of one core per second of wall time: the room left for capture and analysis.
    auto core_share = [&](double ms) { return ms / figures.wall_s / 10; };
    out << "  ui frames " << figures.frame_ms.size() << " in " << figures.wall_s << " s: " << frames / figures.wall_s
        << " frames/s (target 60), " << static_cast<double>(figures.drawn) / figures.wall_s << " drawn/s\n";
    sort_and_print(out, "  ui frame time (wall)", figures.frame_ms);
    sort_and_print(out, "  ui thread cpu per frame", figures.cpu_ms);
    out << "  cpu per drawn frame (ms): ui thread " << figures.cpu.ui / drawn << ", llvmpipe rasteriser "
        << figures.cpu.raster / drawn << ", X server "
        << (x_server_found ? std::to_string(figures.cpu.x_server / drawn) : "not found") << "\n"
        << "  share of a core: ui thread " << core_share(figures.cpu.ui) << "%, llvmpipe "
        << core_share(figures.cpu.raster) << "%, X server " << core_share(figures.cpu.x_server)
        << "%, capture+analysis+workers " << core_share(figures.cpu.other) << "%\n"
        << "  source " << figures.capture_fps << " frames/s captured, " << figures.analysis_fps << " frames/s analysed\n";
}

}  // namespace

Result<void> run_benchmark(Shell& shell, Controller& controller, Platform& platform, double seconds, std::ostream& out) {
    if (controller.has_operators()) return fail("the benchmark needs a config without operators");
    controller.continue_unregistered();
    controller.open(Screen::interview);
    controller.set_interview_subject("benchmark");
    for (auto step : {&Controller::to_consent, &Controller::give_consent}) {
        if (auto accepted = (controller.*step)(); !accepted) return accepted;
        controller.settle();  // the ledger writes run on the worker
        if (!controller.interview().message.empty()) return fail(controller.interview().message);
    }
    // Measure while the analysis runs: wait for the face models (or for the reason they will not load).
    render_until(shell, platform, [&] {
        const auto video = controller.video();
        return video && video->frame_index >= 0 && !video->analysis_loading;
    }, std::chrono::seconds(90));

    const auto x_server = x_server_stat();
    out << "every frame drawn (the worst case: vsync off, nothing skipped)\n";
    platform.set_draw_every_frame(true);
    auto worst = measure(shell, controller, platform, seconds, x_server);
    if (!worst) return std::unexpected(worst.error());
    print(out, *worst, x_server.has_value());
    out << "as the kiosk runs (a frame identical to the one on screen is not drawn; paced at the display's rate)\n";
    platform.set_draw_every_frame(false);
    auto running = measure(shell, controller, platform, seconds, x_server);
    if (!running) return std::unexpected(running.error());
    print(out, *running, x_server.has_value());
    const auto video = controller.video();
    out << "source " << video->description << "\n"
        << "analysis: " << (video->analysis_available ? "running" : video->analysis_problem) << "\n";
    return {};
}

}  // namespace kiosk::ui
