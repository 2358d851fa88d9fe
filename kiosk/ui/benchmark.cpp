#include "ui/benchmark.h"

#include <time.h>

#include <algorithm>
#include <vector>

namespace kiosk::ui {
namespace {

// CPU time of the calling thread: what the UI itself costs per frame, whatever else shares the machine.
double thread_cpu_ms() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

void sort_and_print(std::ostream& out, const char* what, std::vector<double>& ms) {
    std::ranges::sort(ms);
    auto at = [&](double p) { return ms[static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1))]; };
    out << what << " p50 " << at(0.50) << " ms, p95 " << at(0.95) << " ms, max " << ms.back() << " ms\n";
}

}  // namespace

Result<void> run_benchmark(Shell& shell, Controller& controller, Platform& platform, double seconds, std::ostream& out) {
    using Clock = std::chrono::steady_clock;
    if (controller.has_operators()) return fail("the benchmark needs a config without operators");
    controller.continue_unregistered();
    controller.open(Screen::interview);
    controller.set_interview_subject("benchmark");
    if (auto consent = controller.to_consent(); !consent) return consent;
    if (auto given = controller.give_consent(); !given) return given;
    // Measure while the analysis runs: wait for the face models (or for the reason they will not load).
    render_until(shell, platform, [&] {
        const auto video = controller.video();
        return video && video->frame_index >= 0 && !video->analysis_loading;
    }, std::chrono::seconds(90));

    std::vector<double> frame_ms, cpu_ms;
    const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    auto last = Clock::now();
    while (Clock::now() < end) {
        const double cpu_before = thread_cpu_ms();
        platform.begin_frame();
        shell.frame();
        platform.end_frame();
        const auto now = Clock::now();
        frame_ms.push_back(std::chrono::duration<double, std::milli>(now - last).count());
        cpu_ms.push_back(thread_cpu_ms() - cpu_before);
        last = now;
    }
    const auto video = controller.video();
    if (frame_ms.empty() || !video) return fail("no frames were drawn");
    double total = 0;
    for (double ms : frame_ms) total += ms;
    out << "ui frames " << frame_ms.size() << " in " << seconds << " s\n";
    sort_and_print(out, "ui frame time (wall)", frame_ms);
    sort_and_print(out, "ui thread cpu per frame", cpu_ms);
    out << "ui fps " << static_cast<double>(frame_ms.size()) / (total / 1000) << " (target 60)\n"
        << "source " << video->description << ": " << video->capture_fps << " frames/s captured, "
        << video->analysis_fps << " frames/s analysed, " << video->dropped << " not taken by the analyser\n"
        << "analysis: " << (video->analysis_available ? "running" : video->analysis_problem) << "\n";
    return {};
}

}  // namespace kiosk::ui
