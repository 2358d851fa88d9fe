// A drawn face with known landmarks, so that the checks can be tested without a detector or data.
#pragma once
#include <opencv2/core.hpp>

#include "vision/face_model.h"

namespace vision::test {

struct DrawnFace {
    cv::Mat bgr;
    Landmarks points;
};

// A face of inter-ocular distance `iod` px centred in a `size` image, skin colour `skin`, with
// sensor-like noise (sigma `noise`) over the whole image.
DrawnFace draw_face(cv::Size size, double iod, cv::Scalar skin, double noise, std::uint64_t seed);

}  // namespace vision::test
