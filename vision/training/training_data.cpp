#include "vision/training/training_data.h"

#include <iostream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

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

}  // namespace vision::training
