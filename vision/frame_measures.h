// What one frame says about the face in it: the raw per-frame measurements the forensic checks
// aggregate over time. Nothing here is stored beyond the analysis (no pixels are kept).
#pragma once
#include <opencv2/core.hpp>

#include "vision/face_crop.h"
#include "vision/head_pose.h"

namespace vision {

struct FrameMeasures {
    double chroma_mismatch = 0;   // cheeks vs forehead, Lab a*b* distance
    double sharpness_ratio = 0;   // log Laplacian energy, inner face vs outline band
    double core_detail = 0;       // log Laplacian energy of the inner face alone
    double band_detail = 0;       // same, of the band outside the face outline
    double noise_ratio = 0;       // log noise residual, inner face vs outline band
    double spectral_ratio = 0;    // log high/mid spectral energy, inner face minus forehead/hair patch
    double pose_delta_deg = 0;    // inner-face vs whole-face head pose
    double frozen_face = 0;       // share of face-box pixels unchanged since the previous frame
    double frozen_background = 0; // same, outside the face
    bool frozen_valid = false;
    cv::Vec3d forehead_bgr, left_cheek_bgr, right_cheek_bgr;  // rPPG and reflection samples
    Landmarks crop_points;        // landmarks in the canonical crop (for jitter)
    cv::Mat appearance;           // 24x24 float, zero mean, unit norm (for drift and occlusion)
    double crop_blur = 0;         // Laplacian variance of the whole crop (quality gate)
    double core_brightness = 0;   // mean grey of the inner face (quality gate)
};

// `previous_gray` may be empty (first frame); `face_box` is in image pixels.
FrameMeasures measure_frame(const cv::Mat& bgr, const cv::Mat& gray, const cv::Mat& previous_gray,
                            const cv::Rect& face_box, const Landmarks& points, const PoseEstimate& pose);

}  // namespace vision
