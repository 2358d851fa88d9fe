// The crop the learned swap detector sees, cut by the same code when it is trained and when it runs:
// the face aligned on its eyes and mouth like the canonical crop, but smaller and with context around
// the outline (hair line, ears, jaw, some background), where a swap's blend boundary lies.
#pragma once
#include <opencv2/core.hpp>

#include "vision/face_model.h"

namespace vision {

// 112 px with about 3.1 inter-ocular distances across: the face box and 1.4 times its size around it.
inline const CropLayout swap_layout{112, 36.0f, {56.0f, 42.0f}};

struct SwapCrop {
    cv::Mat bgr;          // swap_layout.size square, 8-bit BGR
    Landmarks points;     // landmarks in crop coordinates (the training program's blend masks)
};

SwapCrop cut_swap_crop(const cv::Mat& bgr, const Landmarks& points);

}  // namespace vision
