#include "vision/head_pose.h"

#include <cmath>
#include <opencv2/calib3d.hpp>
#include <vector>

namespace vision {
namespace {

HeadPose solve(const std::vector<cv::Point3f>& model, const std::vector<cv::Point2f>& image, cv::Size size) {
    double f = size.width;
    cv::Matx33d camera(f, 0, size.width / 2.0, 0, f, size.height / 2.0, 0, 0, 1);
    cv::Vec3d rvec, tvec;
    HeadPose pose;
    if (!cv::solvePnP(model, image, camera, cv::noArray(), rvec, tvec, false, cv::SOLVEPNP_EPNP)) return pose;
    cv::solvePnP(model, image, camera, cv::noArray(), rvec, tvec, true, cv::SOLVEPNP_ITERATIVE);
    cv::Matx33d r;
    cv::Rodrigues(rvec, r);
    cv::Matx33d mtx_r, mtx_q;
    cv::Vec3d euler = cv::RQDecomp3x3(r, mtx_r, mtx_q);
    pose.pitch_deg = euler[0];
    pose.yaw_deg = -euler[1];
    pose.roll_deg = euler[2];
    pose.rotation = rvec;
    pose.valid = std::isfinite(pose.yaw_deg) && std::isfinite(pose.pitch_deg) && tvec[2] > 0;
    return pose;
}

double rotation_angle_between(const cv::Vec3d& a, const cv::Vec3d& b) {
    cv::Matx33d ra, rb;
    cv::Rodrigues(a, ra);
    cv::Rodrigues(b, rb);
    cv::Matx33d d = ra.t() * rb;
    double c = std::clamp((cv::trace(d) - 1.0) / 2.0, -1.0, 1.0);
    return std::acos(c) * 180.0 / CV_PI;
}

}  // namespace

PoseEstimate estimate_pose(const Landmarks& points, cv::Size image_size) {
    auto head = head_model();
    std::vector<cv::Point3f> model_all(head.begin(), head.end()), model_inner;
    std::vector<cv::Point2f> image_all(points.begin(), points.end()), image_inner;
    for (int i = nose.first; i < mouth.last; ++i) {
        model_inner.push_back(head[static_cast<std::size_t>(i)]);
        image_inner.push_back(points[static_cast<std::size_t>(i)]);
    }
    PoseEstimate out;
    out.whole = solve(model_all, image_all, image_size);
    out.inner = solve(model_inner, image_inner, image_size);
    if (out.whole.valid && out.inner.valid)
        out.inner_vs_whole_deg = rotation_angle_between(out.whole.rotation, out.inner.rotation);
    return out;
}

}  // namespace vision
