// Synthetic face manipulations made from real faces only (self-blended images, Shiohara & Yamasaki
// 2022; face-warping artefacts, Li & Lyu 2019): a face is recoloured, rendered at low resolution,
// shifted slightly and alpha-blended back inside a mask around its landmarks. They are the positive
// training examples of the fusion and the test inputs of the checks; the product never calls them.
#pragma once
#include <opencv2/core.hpp>

#include "vision/face_model.h"

namespace vision {

struct BlendParams {
    cv::Vec3d lab_shift{0, 0, 0};  // added to L*, a*, b* of the pasted face
    double render_px = 0;          // the pasted face is rendered at this width then scaled up (0 = native)
    double warp_scale = 1;         // extra scale of the pasted face around its centre
    cv::Point2d warp_shift{0, 0};  // extra shift, in inter-ocular units
    double mask_grow = 0;          // mask grown (>0) or shrunk (<0), inter-ocular units
    double feather = 0.1;          // mask edge blur, inter-ocular units (small = visible seam)
    bool inner_mask = false;       // mask from brows/eyes/nose/mouth only, not the jaw line
};

BlendParams random_blend(cv::RNG& rng);

// Pastes the face of `source` (with its landmarks) onto `target` at `target_points`.
cv::Mat blend_face(const cv::Mat& source, const Landmarks& source_points, const cv::Mat& target,
                   const Landmarks& target_points, const BlendParams& params);

inline cv::Mat self_blend(const cv::Mat& image, const Landmarks& points, const BlendParams& params) {
    return blend_face(image, points, image, points, params);
}

}  // namespace vision
