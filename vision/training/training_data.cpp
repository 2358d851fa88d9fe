#include "vision/training/training_data.h"

#include <algorithm>
#include <iostream>
#include <opencv2/imgcodecs.hpp>

#include <opencv2/videoio.hpp>
#include "vision/checks.h"

namespace vision::training {

std::vector<media::Frame> read_media(const std::filesystem::path& path, int max_frames) {
    std::vector<media::Frame> frames;
    auto ext = path.extension().string();
    if (ext == ".jpg" || ext == ".png") {
        media::Frame f;
        f.bgr = cv::imread(path.string(), cv::IMREAD_COLOR);
        if (!f.bgr.empty()) frames.push_back(std::move(f));
        return frames;
    }
    // cv::VideoCapture rather than media::open_source: media's swscale conversion writes past the
    // frame buffer for some widths (e.g. 520 px); this program must not depend on that being fixed.
    cv::VideoCapture capture(path.string());
    if (!capture.isOpened()) {
        std::cerr << path << ": cannot open\n";
        return frames;
    }
    double fps = capture.get(cv::CAP_PROP_FPS);
    cv::Mat image;
    while (static_cast<int>(frames.size()) < max_frames && capture.read(image)) {
        media::Frame f;
        f.index = static_cast<std::int64_t>(frames.size());
        f.pts_seconds = static_cast<double>(f.index) / (fps > 0 ? fps : 30.0);
        f.bgr = image.clone();
        frames.push_back(std::move(f));
    }
    return frames;
}

std::vector<FaceSample> analyse(const std::vector<media::Frame>& frames, const AnalyzerOptions& options) {
    auto analyzer = Analyzer::create(options);
    if (!analyzer) {
        std::cerr << analyzer.error().message << "\n";
        std::exit(2);
    }
    for (const auto& f : frames) analyzer->process(f);
    return analyzer->scored_samples();
}

std::vector<std::vector<media::Signal>> windows(const std::vector<FaceSample>& samples, std::size_t length,
                                                std::size_t stride) {
    std::vector<std::vector<media::Signal>> out;
    if (samples.size() < length) {
        if (samples.size() >= length / 2) out.push_back(run_checks(samples));
        return out;
    }
    for (std::size_t start = 0; start + length <= samples.size(); start += stride)
        out.push_back(run_checks(std::span(samples).subspan(start, length)));
    return out;
}

bool is_temporal(const std::string& id) {
    return id == "boundary.flicker" || id == "landmarks.jitter" || id == "identity.drift" ||
           id == "rppg.coherence" || id == "frozen.ratio" || id == "sharpness.coherence";
}

}  // namespace vision::training
