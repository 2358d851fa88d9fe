// YuNet (libfacedetection, 2022mar): a small CNN face detector that finds the faces dlib's HOG misses
// (turned to profile, small, tilted in the image plane), with five points per face. The model is
// embedded in the binary (assets/models/YUNET_MODEL.md).
#pragma once
#include <array>
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "core/result.h"

namespace vision {

// The person's right eye (on the image's left in a frontal face), left eye, nose tip, right and left
// mouth corners.
using FivePoints = std::array<cv::Point2f, 5>;

struct YuNetFace {
    cv::Rect2f box;     // image pixels
    FivePoints points;  // image pixels
    float score = 0;    // 0..1
};

class YuNetDetector {
public:
    // The embedded model; an error when it does not load or gives outputs of another shape.
    static kiosk::Result<YuNetDetector> builtin();
    YuNetDetector(YuNetDetector&&) noexcept;
    YuNetDetector& operator=(YuNetDetector&&) noexcept;
    ~YuNetDetector();

    // The faces in `bgr` (8-bit, 3 channels) scoring at least `min_score`, overlaps suppressed.
    std::vector<YuNetFace> detect(const cv::Mat& bgr, float min_score);

private:
    struct State;
    explicit YuNetDetector(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace vision
