#include <doctest/doctest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "support.h"
#include "synthetic_face.h"
#include "vision/checks.h"
#include "vision/face_blend.h"
#include "vision/face_tracker.h"
#include "vision/frame_measures.h"
#include "vision/head_pose.h"

using namespace vision;

namespace {

FrameMeasures measure(const cv::Mat& bgr, const Landmarks& points) {
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    auto pose = estimate_pose(points, bgr.size());
    std::vector<cv::Point2f> pts(points.begin(), points.end());
    return measure_frame(bgr, gray, cv::Mat(), cv::boundingRect(pts), points, pose);
}

// A swap-like paste: another skin tone, rendered at 48 px, hard edge.
cv::Mat pasted_onto(const test::DrawnFace& target) {
    auto donor = test::draw_face(target.bgr.size(), inter_ocular(target.points), cv::Scalar(150, 160, 215), 1.0, 99);
    BlendParams p;
    p.render_px = 48;
    p.feather = 0.03;
    return blend_face(donor.bgr, donor.points, target.bgr, target.points, p);
}

}  // namespace

TEST_CASE("checks: every check has a descriptor and one signal per run") {
    auto face = test::draw_face({320, 320}, 60, cv::Scalar(110, 140, 190), 4, 1);
    std::vector<FaceSample> samples;
    for (int i = 0; i < 40; ++i) samples.push_back({i, i / 30.0, 60, 0.0, measure(face.bgr, face.points)});
    auto signals = run_checks(samples);
    REQUIRE(signals.size() == checks().size());
    for (std::size_t i = 0; i < signals.size(); ++i) {
        CHECK(signals[i].id == checks()[i].descriptor.id);
        CHECK(!checks()[i].descriptor.explanation.empty());
        CHECK(std::isfinite(signals[i].value));
    }
    CHECK(run_checks({})[0].confidence == 0);
}

TEST_CASE("checks: a pasted face raises the colour, sharpness and noise mismatches — the untouched one does not") {
    auto real = test::draw_face({320, 320}, 60, cv::Scalar(110, 140, 190), 4, 2);
    auto fake = pasted_onto(real);
    auto r = measure(real.bgr, real.points), f = measure(fake, real.points);
    CHECK(r.chroma_mismatch < 3.0);
    CHECK(f.chroma_mismatch > r.chroma_mismatch + 4.0);
    CHECK(f.sharpness_ratio < r.sharpness_ratio - 0.3);
    CHECK(f.noise_ratio < r.noise_ratio - 0.3);
}

TEST_CASE("checks: sharpness that follows the camera is coherent and a face pasted at its own sharpness is not") {
    auto real = test::draw_face({320, 320}, 60, cv::Scalar(110, 140, 190), 4, 5);
    auto donor = test::draw_face({320, 320}, 60, cv::Scalar(110, 140, 190), 4, 6);
    std::vector<FaceSample> camera, swapped;
    for (int i = 0; i < 60; ++i) {
        // Focus and motion blur come and go for the whole picture...
        double sigma = 0.4 + 1.6 * std::abs(std::sin(i * 0.3));
        cv::Mat frame;
        cv::GaussianBlur(real.bgr, frame, cv::Size(), sigma);
        camera.push_back({i, i / 30.0, 60, 0.0, measure(frame, real.points)});
        // ...but not for a face rendered on its own and pasted over it.
        BlendParams p;
        p.feather = 0.1;
        swapped.push_back({i, i / 30.0, 60, 0.0, measure(blend_face(donor.bgr, donor.points, frame, real.points, p), real.points)});
    }
    auto coherence = [](const std::vector<FaceSample>& s) {
        for (const auto& signal : run_checks(s))
            if (signal.id == "sharpness.coherence") return signal.value;
        FAIL("no sharpness.coherence signal");
        return 0.0;
    };
    CHECK(coherence(camera) > 0.8);
    CHECK(coherence(swapped) < 0.3);
}

TEST_CASE("checks: frozen pixels on the face are seen against a live background") {
    auto face = test::draw_face({320, 320}, 60, cv::Scalar(110, 140, 190), 4, 3);
    auto next = face.bgr.clone();
    cv::Mat noise(next.size(), CV_8UC3);
    cv::randu(noise, 0, 3);
    next += noise;  // sensor noise changes every pixel a little...
    std::vector<cv::Point2f> pts(face.points.begin(), face.points.end());
    cv::Rect box = cv::boundingRect(pts);
    face.bgr(box).copyTo(next(box));  // ...except on a pasted, repeated face
    cv::Mat g0, g1;
    cv::cvtColor(face.bgr, g0, cv::COLOR_BGR2GRAY);
    cv::cvtColor(next, g1, cv::COLOR_BGR2GRAY);
    auto pose = estimate_pose(face.points, next.size());
    auto frozen = measure_frame(next, g1, g0, box, face.points, pose);
    CHECK(frozen.frozen_valid);
    CHECK(frozen.frozen_face > 0.99);
    CHECK(frozen.frozen_background < 0.6);
    auto moving = measure_frame(next, g1, g1 + 1, box, face.points, pose);
    CHECK(moving.frozen_face < 0.01);
}

TEST_CASE("checks: a photo blended onto another with a visible seam raises the boundary signal (shared data)") {
    auto data = kiosk::test::shared_data();
    if (!data) {
        MESSAGE("skipped: ../shared/data is absent");
        return;
    }
    auto tracker = FaceTracker::create({});
    if (!tracker) {
        MESSAGE("skipped: " << tracker.error().message);
        return;
    }
    auto load = [&](const char* name) {
        auto image = cv::imread((*data / "faces/real" / name).string(), cv::IMREAD_COLOR);
        REQUIRE(!image.empty());
        cv::Mat gray;
        cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
        tracker->reset();
        auto face = tracker->track(gray);
        REQUIRE(face);
        return std::pair{image, face->landmarks};
    };
    auto [target, target_points] = load("dlib_Tom_Cruise_avp_2014_4.jpg");
    auto [source, source_points] = load("dlib_2009_004587.jpg");
    BlendParams seam;
    seam.feather = 0.02;
    auto fake = blend_face(source, source_points, target, target_points, seam);
    auto r = measure(target, target_points), f = measure(fake, target_points);
    CHECK(f.chroma_mismatch > r.chroma_mismatch + 2.0);
}
