#include "vision/five_point_yaw.h"

#include <cmath>

#include "vision/face_model.h"

namespace vision {
namespace {

// How far the nose tip stands in front of the eye centres, in inter-ocular distances, on the generic
// head that solvePnP fits (vision/face_model.h), so both yaw estimates share one head.
double nose_depth() {
    auto head = head_model();
    cv::Point3f eyes{0, 0, 0};
    for (int i = left_eye.first; i < right_eye.last; ++i) eyes += head[static_cast<std::size_t>(i)];
    eyes *= 1.0f / static_cast<float>(right_eye.last - left_eye.first);
    auto mean_x = [&](PointRange r) -> double {
        float x = 0;
        for (int i = r.first; i < r.last; ++i) x += head[static_cast<std::size_t>(i)].x;
        return x / static_cast<float>(r.last - r.first);
    };
    double inter_ocular = mean_x(right_eye) - mean_x(left_eye);
    // z grows away from the camera.
    return (eyes.z - head[30].z) / inter_ocular;
}

}  // namespace

double five_point_yaw_deg(const FivePoints& points) {
    static const double depth = nose_depth();
    const auto& [right_eye_pt, left_eye_pt, nose_tip, right_mouth, left_mouth] = points;
    cv::Point2f eye_mid = (right_eye_pt + left_eye_pt) * 0.5f, mouth_mid = (right_mouth + left_mouth) * 0.5f;
    // The eyes-to-mouth axis stays put as the head turns; across it, to the image's right when upright,
    // the eye span shrinks with cos(yaw) and the nose moves off the eyes' midpoint with sin(yaw).
    cv::Point2f down = mouth_mid - eye_mid;
    double length = std::hypot(down.x, down.y);
    if (length < 1e-6) return 0;
    cv::Point2d across(down.y / length, -down.x / length);
    cv::Point2d span = left_eye_pt - right_eye_pt, nose_off = nose_tip - eye_mid;
    double cos_part = span.dot(across), sin_part = nose_off.dot(across) / depth;
    return std::atan2(sin_part, cos_part) * 180.0 / CV_PI;
}

}  // namespace vision
