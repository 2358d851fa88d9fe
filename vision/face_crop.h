// The face cut out into the canonical crop, with the regions the checks compare: the inner face
// (eyes, nose, mouth), the band just outside the face outline (hair, ears, jaw line, background),
// the forehead and both cheeks.
#pragma once
#include <opencv2/core.hpp>

#include "vision/face_model.h"

namespace vision {

struct FaceCrop {
    cv::Mat bgr;          // crop_size x crop_size, 8-bit BGR
    cv::Mat gray;         // same, 8-bit
    Landmarks points;     // landmarks in crop coordinates
    cv::Mat hull;         // 8-bit masks, 255 inside
    cv::Mat core;
    cv::Mat outer_band;
    cv::Rect forehead;
    cv::Rect left_cheek;
    cv::Rect right_cheek;
};

// Cuts the face out of `bgr` (area-averaging first when the face is larger than the crop).
FaceCrop cut_face(const cv::Mat& bgr, const Landmarks& points);

// The `size` x `size` crop that `to_crop` maps `bgr` into, area-averaged first when it shrinks the face.
cv::Mat warp_face(const cv::Mat& bgr, const cv::Matx23d& to_crop, int size);

}  // namespace vision
