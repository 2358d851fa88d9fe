#include <doctest/doctest.h>

#include <opencv2/calib3d.hpp>

#include "vision/head_pose.h"

using namespace vision;

namespace {

// The generic head turned by yaw/pitch (degrees) and projected by the same camera the estimator uses.
Landmarks project(double yaw_deg, double pitch_deg, cv::Size size = {640, 480}) {
    auto head = head_model();
    std::vector<cv::Point3f> model(head.begin(), head.end());
    // Positive yaw turns the nose toward the image right: a negative rotation about the camera y axis.
    double y = -yaw_deg * CV_PI / 180, p = pitch_deg * CV_PI / 180;
    cv::Matx33d ry(std::cos(y), 0, std::sin(y), 0, 1, 0, -std::sin(y), 0, std::cos(y));
    cv::Matx33d rx(1, 0, 0, 0, std::cos(p), -std::sin(p), 0, std::sin(p), std::cos(p));
    cv::Vec3d rvec;
    cv::Rodrigues(rx * ry, rvec);
    double f = size.width;
    cv::Matx33d camera(f, 0, size.width / 2.0, 0, f, size.height / 2.0, 0, 0, 1);
    std::vector<cv::Point2f> image;
    cv::projectPoints(model, rvec, cv::Vec3d(0, 0, 12), camera, cv::noArray(), image);
    Landmarks out;
    std::copy(image.begin(), image.end(), out.begin());
    return out;
}

}  // namespace

TEST_CASE("head pose: frontal, turned and tilted heads are measured with the documented signs") {
    auto frontal = estimate_pose(project(0, 0), {640, 480});
    REQUIRE(frontal.whole.valid);
    CHECK(std::abs(frontal.whole.yaw_deg) < 2);
    CHECK(std::abs(frontal.whole.pitch_deg) < 2);
    CHECK(frontal.inner_vs_whole_deg < 1);

    auto points = project(30, 0);
    auto turned = estimate_pose(points, {640, 480});
    // Documented sign: positive yaw when the nose moves toward the image's right.
    CHECK(points[30].x > project(0, 0)[30].x);
    CHECK(turned.whole.yaw_deg == doctest::Approx(30).epsilon(0.1));
    CHECK(estimate_pose(project(-30, 0), {640, 480}).whole.yaw_deg == doctest::Approx(-30).epsilon(0.1));

    auto down = project(0, 20);
    CHECK(down[8].y < project(0, 0)[8].y);  // tilting down brings the chin up toward the eyes in the image
    CHECK(estimate_pose(down, {640, 480}).whole.pitch_deg > 15);
}

TEST_CASE("head pose: an inner face pasted off the head's geometry disagrees with the whole face") {
    auto points = project(25, 0);
    auto consistent = estimate_pose(points, {640, 480});
    // A frontal inner face (as a 2-D swap renders it) over a turned jaw line.
    auto frontal = project(0, 0);
    auto shift = points[30] - frontal[30];
    for (int i = nose.first; i < mouth.last; ++i)
        points[static_cast<std::size_t>(i)] = frontal[static_cast<std::size_t>(i)] + shift;
    auto pasted = estimate_pose(points, {640, 480});
    CHECK(pasted.inner_vs_whole_deg > consistent.inner_vs_whole_deg + 5);
}
