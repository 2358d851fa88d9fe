// Head pose from landmarks (solvePnP against the generic head), once from all 68 points and once
// from the inner face only: a pasted inner face does not follow the jaw's 3-D geometry exactly.
#pragma once
#include <opencv2/core.hpp>

#include "vision/face_model.h"

namespace vision {

struct HeadPose {
    double yaw_deg = 0;    // positive when the nose turns toward the image's right
    double pitch_deg = 0;  // positive when the chin goes down (face tilted down)
    double roll_deg = 0;   // positive when the head leans clockwise in the image
    cv::Vec3d rotation;    // Rodrigues vector, camera frame
    bool valid = false;
};

struct PoseEstimate {
    HeadPose whole;       // all 68 points
    HeadPose inner;       // eyes, nose and mouth only
    double inner_vs_whole_deg = 0;  // angle between the two rotations
};

// `image_size` sets the pinhole camera (focal length = image width, centre = image centre).
PoseEstimate estimate_pose(const Landmarks& points, cv::Size image_size);

}  // namespace vision
