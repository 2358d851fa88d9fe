// Head yaw from YuNet's five points, for faces turned too far for the 68-point fit to follow (the
// profile-turn challenge reaches 60-90 degrees, where dlib's landmarks no longer find the far side).
#pragma once
#include "vision/yunet_detector.h"

namespace vision {

// Degrees, signed as HeadPose::yaw_deg (positive when the nose turns toward the image's right); up to
// +-180 when the eyes are seen in swapped order. Measured across the face's own vertical axis, so an
// in-plane tilt does not read as yaw.
double five_point_yaw_deg(const FivePoints& points);

}  // namespace vision
