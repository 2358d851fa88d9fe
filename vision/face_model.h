// The generic face the measurements are made against: the dlib 68-point layout, a mean frontal
// shape (2-D) and a rough 3-D head for solvePnP, plus the canonical crop every check works in.
#pragma once
#include <array>
#include <opencv2/core.hpp>
#include <span>
#include <vector>

namespace vision {

using Landmarks = std::array<cv::Point2f, 68>;

// Index ranges of the 68-point scheme (iBUG 300-W), [first, last).
struct PointRange {
    int first;
    int last;
};
inline constexpr PointRange jaw{0, 17};
inline constexpr PointRange brows{17, 27};
inline constexpr PointRange nose{27, 36};
inline constexpr PointRange left_eye{36, 42};   // the eye on the image's left
inline constexpr PointRange right_eye{42, 48};
inline constexpr PointRange mouth{48, 68};

// Mean frontal shape in inter-ocular units (eye centres at (-0.5, 0) and (0.5, 0), y down).
std::span<const cv::Point2f, 68> mean_shape();
// A rough 3-D head in the same units; z grows away from the camera.
std::span<const cv::Point3f, 68> head_model();

cv::Point2f centroid(const Landmarks& points, PointRange range);
double inter_ocular(const Landmarks& points);

// The canonical crop: a similarity transform that puts the face at a fixed size and place, so that
// every check sees the same geometry whatever the camera distance.
inline constexpr int crop_size = 192;
inline constexpr float crop_scale = 44.0f;          // pixels per inter-ocular distance
inline const cv::Point2f crop_eye_centre{96.0f, 70.0f};

// Where a crop puts the face: its side, pixels per inter-ocular distance and the eyes' midpoint.
struct CropLayout {
    int size;
    float scale;
    cv::Point2f eye_centre;
};
inline const CropLayout canonical_layout{crop_size, crop_scale, crop_eye_centre};

struct Alignment {
    cv::Matx23d to_crop;  // image -> crop
    Landmarks in_crop;    // the landmarks mapped into the crop
};
Alignment align(const Landmarks& points, const CropLayout& layout = canonical_layout);

}  // namespace vision
