#include <doctest/doctest.h>

#include <cmath>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>
#include <opencv2/videoio.hpp>

#include "support.h"
#include "vision/face_model.h"
#include "vision/face_tracker.h"
#include "vision/five_point_yaw.h"
#include "vision/yunet_detector.h"

using namespace vision;

namespace {

// The first frame of a shared real clip with one frontal face (about 120 px wide at 640x480), in grey.
std::optional<cv::Mat> frontal_frame() {
    auto data = kiosk::test::shared_data();
    if (!data) return std::nullopt;
    cv::VideoCapture capture((*data / "faces/real/lrnet_dfo_real.mp4").string());
    cv::Mat bgr, gray;
    if (!capture.read(bgr)) return std::nullopt;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    return gray;
}

cv::Mat rotated(const cv::Mat& gray, double degrees) {
    cv::Mat out;
    auto turn = cv::getRotationMatrix2D(cv::Point2f(static_cast<float>(gray.cols) / 2, static_cast<float>(gray.rows) / 2), degrees, 1.0);
    cv::warpAffine(gray, out, turn, gray.size());
    return out;
}

// The frame shrunk to `factor` in the top-left corner of a black frame of the same size.
cv::Mat shrunk(const cv::Mat& gray, double factor) {
    cv::Mat small, out(gray.size(), gray.type(), cv::Scalar(0));
    cv::resize(gray, small, cv::Size(), factor, factor, cv::INTER_AREA);
    small.copyTo(out(cv::Rect(0, 0, small.cols, small.rows)));
    return out;
}

// YuNet's five points of the generic head turned by `yaw_deg`, leaned by `roll_deg` in the image and
// projected by the pinhole camera head_pose uses.
FivePoints project_five(double yaw_deg, double roll_deg) {
    auto head = head_model();
    auto mean_of = [&](PointRange r) {
        cv::Point3f sum{0, 0, 0};
        for (int i = r.first; i < r.last; ++i) sum += head[static_cast<std::size_t>(i)];
        return sum * (1.0f / static_cast<float>(r.last - r.first));
    };
    // The eye on the image's left of a frontal face is the person's right eye, YuNet's first point.
    std::vector<cv::Point3f> model{mean_of(left_eye), mean_of(right_eye), head[30], head[48], head[54]};
    double y = -yaw_deg * CV_PI / 180, r = roll_deg * CV_PI / 180;
    cv::Matx33d ry(std::cos(y), 0, std::sin(y), 0, 1, 0, -std::sin(y), 0, std::cos(y));
    cv::Matx33d rz(std::cos(r), -std::sin(r), 0, std::sin(r), std::cos(r), 0, 0, 0, 1);
    cv::Vec3d rvec;
    cv::Rodrigues(rz * ry, rvec);
    cv::Matx33d camera(640, 0, 320, 0, 640, 240, 0, 0, 1);
    std::vector<cv::Point2f> image;
    cv::projectPoints(model, rvec, cv::Vec3d(0, 0, 12), camera, cv::noArray(), image);
    FivePoints out;
    std::copy(image.begin(), image.end(), out.begin());
    return out;
}

}  // namespace

TEST_CASE("yunet: the embedded model finds the faces OpenCV's FaceDetectorYN finds in the model file (shared data)") {
    auto gray = frontal_frame();
    if (!gray) {
        MESSAGE("skipped: ../shared/data is absent");
        return;
    }
    auto detector = YuNetDetector::builtin();
    REQUIRE_MESSAGE(detector, detector.error().message);
    for (const auto& image : {*gray, rotated(*gray, 45), shrunk(*gray, 0.4)}) {
        cv::Mat bgr, reference;
        cv::cvtColor(image, bgr, cv::COLOR_GRAY2BGR);
        auto opencv = cv::FaceDetectorYN::create(KIOSK_SOURCE_DIR "/assets/models/yunet_2022mar.onnx", "", bgr.size(),
                                                 0.8f);
        opencv->detect(bgr, reference);
        auto faces = detector->detect(bgr, 0.8f);
        REQUIRE(faces.size() == static_cast<std::size_t>(reference.rows));
        REQUIRE(!faces.empty());
        for (int i = 0; i < reference.rows; ++i) {
            const auto& face = faces[static_cast<std::size_t>(i)];
            const float* row = reference.ptr<float>(i);
            CHECK(std::abs(face.box.x - row[0]) < 0.05f);
            CHECK(std::abs(face.box.y - row[1]) < 0.05f);
            CHECK(std::abs(face.box.width - row[2]) < 0.05f);
            CHECK(std::abs(face.box.height - row[3]) < 0.05f);
            for (std::size_t k = 0; k < face.points.size(); ++k)
                CHECK(cv::norm(face.points[k] - cv::Point2f(row[4 + 2 * k], row[5 + 2 * k])) < 0.05);
            CHECK(std::abs(face.score - row[14]) < 1e-4f);
        }
    }
}

TEST_CASE("five-point yaw: the generic head turned up to profile is measured with HeadPose's sign, whatever its tilt") {
    for (double roll : {0.0, 40.0}) {
        for (double yaw : {0.0, 30.0, 60.0, 75.0, 90.0, -30.0, -60.0, -75.0, -90.0}) {
            double measured = five_point_yaw_deg(project_five(yaw, roll));
            CHECK_MESSAGE(std::abs(measured - yaw) < 5, "yaw ", yaw, " roll ", roll, " measured ", measured);
        }
    }
}

TEST_CASE("face tracker: a face HOG misses (tilted 45 degrees or small) is found by YuNet and followed (shared data)") {
    auto gray = frontal_frame();
    if (!gray) {
        MESSAGE("skipped: ../shared/data is absent");
        return;
    }
    TrackerOptions hog_only;
    hog_only.yunet_fallback = false;
    auto hog = FaceTracker::create(hog_only);
    if (!hog) {
        MESSAGE("skipped: " << hog.error().message);
        return;
    }
    auto tracker = FaceTracker::create({});
    REQUIRE_MESSAGE(tracker, tracker.error().message);

    // The upright face: HOG's, with no five points, and where the hard cases below must find it.
    auto upright = tracker->track(*gray);
    REQUIRE(upright);
    CHECK(upright->detector == FaceDetector::hog);
    CHECK_FALSE(upright->five_points);
    cv::Point2d centre = (upright->box.tl() + upright->box.br()) * 0.5;

    struct Case {
        const char* name;
        cv::Mat image;
        cv::Point2d face_centre;
    };
    auto turn = cv::getRotationMatrix2D(cv::Point2f(static_cast<float>(gray->cols) / 2, static_cast<float>(gray->rows) / 2), 45, 1.0);
    cv::Point2d turned_centre(turn.at<double>(0, 0) * centre.x + turn.at<double>(0, 1) * centre.y + turn.at<double>(0, 2),
                              turn.at<double>(1, 0) * centre.x + turn.at<double>(1, 1) * centre.y + turn.at<double>(1, 2));
    for (const auto& c : {Case{"tilted 45 degrees", rotated(*gray, 45), turned_centre},
                          Case{"shrunk to 0.4", shrunk(*gray, 0.4), centre * 0.4}}) {
        INFO(c.name);
        hog->reset();
        CHECK_FALSE(hog->track(c.image));  // HOG alone loses it: what follows is the fallback's doing
        tracker->reset();
        // Twice the re-detection interval: the track survives its re-detections too.
        for (int frame = 0; frame < 2 * TrackerOptions{}.redetect_every; ++frame) {
            auto face = tracker->track(c.image);
            REQUIRE(face);
            CHECK(face->detector == FaceDetector::yunet);
            cv::Point2d found = (face->box.tl() + face->box.br()) * 0.5;
            CHECK(cv::norm(found - c.face_centre) < 0.25 * face->box.width);
            REQUIRE(face->five_points);
            REQUIRE(face->five_point_yaw_deg);
            CHECK(std::abs(*face->five_point_yaw_deg) < 25);  // a frontal face, whatever its tilt
        }
    }

    // Back to the upright face: the next re-detection returns the track to HOG.
    for (int frame = 0; frame < TrackerOptions{}.redetect_every; ++frame) tracker->track(*gray);
    auto back = tracker->track(*gray);
    REQUIRE(back);
    CHECK(back->detector == FaceDetector::hog);
    CHECK_FALSE(back->five_points);
}

TEST_CASE("face tracker: a frame with no face gives no track, with YuNet as the fallback") {
    auto tracker = FaceTracker::create({});
    if (!tracker) {
        MESSAGE("skipped: " << tracker.error().message);
        return;
    }
    cv::Mat noise(480, 640, CV_8UC1);
    cv::RNG(7).fill(noise, cv::RNG::UNIFORM, 0, 256);
    cv::GaussianBlur(noise, noise, cv::Size(0, 0), 3);
    for (const auto& frame : {cv::Mat(480, 640, CV_8UC1, cv::Scalar(0)), cv::Mat(480, 640, CV_8UC1, cv::Scalar(128)), noise})
        for (int i = 0; i < 3; ++i) CHECK_FALSE(tracker->track(frame));
}
