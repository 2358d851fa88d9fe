// UI frame time while a 720p30 H.264 source is captured and analysed on its own threads.
// Run under a display, e.g.:  xvfb-run -a -s "-screen 0 1920x1080x24" build/tests/bench/bench_ui [SECONDS] [CLIP]
// Without CLIP it makes a 20 s 1280x720 clip of ffmpeg's test pattern.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "ui/app.h"

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 10;
    if (!std::getenv("DISPLAY")) {
        std::cerr << "bench_ui: no display; run under xvfb-run -a -s \"-screen 0 1920x1080x24\"\n";
        return 2;
    }
    const auto scratch = std::filesystem::temp_directory_path() / ("kiosk-bench-ui-" + std::to_string(::getpid()));
    std::filesystem::create_directories(scratch);
    std::string clip = argc > 2 ? argv[2] : (scratch / "720p.mp4").string();
    if (argc <= 2) {
        const std::string make = "ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=1280x720:rate=30 -t " +
                                 std::to_string(static_cast<int>(seconds) + 10) +
                                 " -pix_fmt yuv420p -c:v libx264 '" + clip + "'";
        if (std::system(make.c_str()) != 0) {
            std::cerr << "bench_ui: ffmpeg could not make the 720p clip\n";
            return 2;
        }
    }
    kiosk::ui::AppOptions options;
    options.windowed = true;
    options.benchmark_seconds = seconds;
    options.context.source = clip;
    options.context.data_dir = (scratch / "data").string();
    std::cout << "bench_ui: " << clip << ", " << seconds << " s, 1920x1080 window, vsync off\n";
    const int code = kiosk::ui::run_app(options, {}, std::cout, std::cerr);
    std::filesystem::remove_all(scratch);
    return code;
}
