// Benchmark of `kiosk analyze` on a 720p clip with --threads 1, decode included: frames/s, ms per
// frame (median, p95) and peak memory, as the command itself measures them.
//
//   bench_analyze [CLIP]    (default: a 1280x720 clip cut from ../shared/data at run time, or a
//                            synthetic 720p clip without a face when the data is absent)
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    fs::path clip;
    fs::path temp = fs::temp_directory_path() / ("kiosk_bench_analyze_" + std::to_string(::getpid()));
    if (argc > 1) {
        clip = argv[1];
    } else {
        fs::create_directories(temp);
        clip = temp / "face_720p.mp4";
        fs::path face = fs::path(KIOSK_SOURCE_DIR) / "../shared/data/faces/real/lrnet_ff_real.mp4";
        std::string input = fs::exists(face) ? "-i '" + face.string() + "' -t 10"
                                             : "-f lavfi -i testsrc2=size=1280x720:rate=30 -t 10";
        std::string command = "ffmpeg -v error -y " + input +
                              " -vf scale=1280:720 -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p '" +
                              clip.string() + "'";
        if (std::system(command.c_str()) != 0) {
            std::cerr << "bench_analyze: ffmpeg could not make the 720p clip\n";
            return 2;
        }
        std::cout << "clip: " << (fs::exists(face) ? "10 s of " + face.filename().string() : "synthetic testsrc2 (no face)")
                  << " re-encoded at 1280x720\n";
    }
    std::ostringstream out, err;
    kiosk::cli::Io io{out, err};
    std::vector<std::string> args{"analyze", clip.string(), "--threads", "1", "--json"};
    int code = kiosk::cli::dispatch(args, io);
    if (!temp.empty()) fs::remove_all(temp);
    if (code == 2 || code == 3) {
        std::cerr << err.str();
        return code;
    }
    auto j = nlohmann::json::parse(out.str());
    const auto& s = j["stats"];
    std::cout << "kiosk analyze --threads 1 (decode included)\n"
              << "  frames            " << j["frames"] << " (" << j["frames_with_face"] << " with a face, "
              << j["frames_scored"] << " scored)\n"
              << "  fps               " << s["fps"].get<double>() << "   (target >= 30)\n"
              << "  ms/frame p50      " << s["ms_per_frame_p50"].get<double>() << "\n"
              << "  ms/frame p95      " << s["ms_per_frame_p95"].get<double>() << "   (target < 33)\n"
              << "  peak RSS MB       " << s["peak_rss_mb"].get<double>() << "   (target < 500)\n"
              << "  verdict           " << j["verdict"].get<std::string>() << " (score " << j["score"].get<double>() << ")\n";
    return 0;
}
