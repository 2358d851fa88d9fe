#include "vision/swap_crop.h"

#include "vision/face_crop.h"

namespace vision {

SwapCrop cut_swap_crop(const cv::Mat& bgr, const Landmarks& points) {
    auto alignment = align(points, swap_layout);
    return {warp_face(bgr, alignment.to_crop, swap_layout.size), alignment.in_crop};
}

}  // namespace vision
