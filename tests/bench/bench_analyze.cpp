// Benchmark of `kiosk analyze` on a 720p clip with --threads 1, decode included: frames/s, ms per
// frame (median, p95) and peak memory, as the command itself measures them; and the cost of each
// face model alone on one core (swap CNN per face, identity embedding per face).
//
//   bench_analyze [CLIP]    (default: a 1280x720 clip cut from ../shared/data at run time, or a
//                            synthetic 720p clip without a face when the data is absent)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "vision/face_model.h"
#include "vision/identity_embedding.h"
#include "vision/swap_crop.h"
#include "vision/swap_detector.h"

namespace fs = std::filesystem;

namespace {

// Median milliseconds of `runs` calls of `work`.
template <typename Work>
double median_ms(int runs, Work&& work) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        work();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::nth_element(ms.begin(), ms.begin() + runs / 2, ms.end());
    return ms[static_cast<std::size_t>(runs / 2)];
}

// Each face model on one core, on a drawn face of the mean shape (the cost does not depend on the face).
int print_model_costs() {
    cv::setNumThreads(1);
    auto swap = vision::SwapDetector::builtin();
    auto identity = vision::IdentityEmbedder::load();
    if (!swap || !identity) {
        std::cerr << "bench_analyze: a face model did not load\n";
        return 3;
    }
    cv::Mat frame(720, 1280, CV_8UC3, cv::Scalar(90, 120, 160));
    cv::randu(frame, 0, 255);
    vision::Landmarks face{};
    for (std::size_t i = 0; i < face.size(); ++i) face[i] = cv::Point2f(640, 330) + vision::mean_shape()[i] * 120.0f;
    const auto crop = vision::cut_swap_crop(frame, face).bgr;
    std::cout << "face models alone, one core (median)\n"
              << "  swap CNN          " << median_ms(200, [&] { (void)swap->score(crop); }) << " ms/face   (target <= 10)\n"
              << "  identity embed    " << median_ms(20, [&] { (void)identity->embed(frame, face); }) << " ms/face\n";
    return 0;
}

}  // namespace

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
    return print_model_costs();
}
