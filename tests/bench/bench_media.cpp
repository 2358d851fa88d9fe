// Media benchmark: decode + stream signals on a 720p30 H.264 file with one thread (target >= 120
// frames/s), and the capture-to-analyser latency through the latest-frame mailbox with capture
// paced like a 30 fps camera (target < one frame, 33 ms). Prints peak RSS.
//   build-dir/tests/bench/bench_media [SECONDS_OF_VIDEO]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "media/capture_thread.h"
#include "media/frame_mailbox.h"
#include "media/frame_source.h"
#include "media/paced_source.h"
#include "media/stream_signals.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double percentile(std::vector<double> values, double fraction) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
    int seconds = argc > 1 ? std::atoi(argv[1]) : 10;
    if (seconds <= 0) {
        std::fprintf(stderr, "usage: bench_media [SECONDS_OF_VIDEO]\n");
        return 2;
    }
    fs::path dir = fs::temp_directory_path() / ("kiosk-bench-media-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::path clip = dir / "720p30.mp4";
    std::string make = "ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=s=1280x720:r=30:d=" + std::to_string(seconds) +
                       " -vf noise=alls=8:allf=t -c:v libx264 -preset veryfast -pix_fmt yuv420p '" + clip.string() + "'";
    if (std::system(make.c_str()) != 0) {
        std::fprintf(stderr, "bench_media: ffmpeg could not make the test clip\n");
        return 2;
    }

    // 1. Decode + every stream signal, one thread, as fast as possible.
    media::SourceOptions options;
    options.threads = 1;
    auto source = media::open_source(clip.string(), options);
    if (!source) {
        std::fprintf(stderr, "bench_media: %s\n", source.error().message.c_str());
        return 2;
    }
    media::StreamSignals signals({.live = false, .nominal_fps = (*source)->nominal_fps()});
    auto started = Clock::now();
    std::clock_t cpu_started = std::clock();
    std::int64_t frames = 0;
    while (auto frame = (*source)->next()) {
        if (!*frame) break;
        signals.feed(**frame);
        ++frames;
    }
    double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    double cpu = static_cast<double>(std::clock() - cpu_started) / CLOCKS_PER_SEC;
    std::printf("clip: %s, %lld frames\n", (*source)->describe().c_str(), static_cast<long long>(frames));
    // CPU time beside wall time: on a machine busy with other work only the CPU figure means much.
    std::printf("decode + stream signals, 1 thread: %.1f frames/s wall, %.1f frames/s of CPU time (target >= 120)\n",
                static_cast<double>(frames) / elapsed, static_cast<double>(frames) / cpu);

    // 2. Capture paced at 30 fps on its own thread -> mailbox -> analyser running the signals.
    auto live = media::open_source(clip.string(), options);
    if (!live) return 2;
    media::FrameMailbox mailbox;
    media::StreamSignals analyser({.live = true, .nominal_fps = 30});
    std::vector<double> latency_ms;
    {
        media::CaptureThread capture(std::make_unique<media::PacedSource>(std::move(*live)), mailbox);
        while (auto frame = mailbox.take(std::chrono::seconds(2))) {
            latency_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - frame->arrival).count());
            analyser.feed(*frame);
        }
    }
    std::printf("capture-to-analyser latency through the mailbox: median %.2f ms, p95 %.2f ms, max %.2f ms "
                "(target < 33.3 ms); analysed %zu, dropped %lld\n",
                percentile(latency_ms, 0.5), percentile(latency_ms, 0.95), percentile(latency_ms, 1.0),
                latency_ms.size(), static_cast<long long>(mailbox.dropped()));

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("peak RSS: %.1f MiB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
    fs::remove_all(dir);
    return 0;
}
