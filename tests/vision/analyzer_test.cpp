#include <doctest/doctest.h>

#include "vision/analyzer.h"

using namespace vision;

TEST_CASE("analyzer: a missing landmark model is a clear error") {
    AnalyzerOptions options;
    options.tracker.landmarks_model = "/nonexistent/shape_predictor.dat";
    auto analyzer = Analyzer::create(options);
    REQUIRE(!analyzer);
    CHECK(analyzer.error().message.find("/nonexistent/shape_predictor.dat") != std::string::npos);
}

TEST_CASE("analyzer: a stream without a face is `review` with the reason, never `pass`") {
    auto analyzer = Analyzer::create({});
    if (!analyzer) {
        MESSAGE("skipped: " << analyzer.error().message);
        return;
    }
    cv::RNG rng(3);
    for (int i = 0; i < 40; ++i) {
        media::Frame f;
        f.index = i;
        f.pts_seconds = i / 20.0;
        f.bgr = cv::Mat(240, 320, CV_8UC3);
        rng.fill(f.bgr, cv::RNG::UNIFORM, cv::Scalar::all(0), cv::Scalar::all(255));
        auto report = analyzer->process(f);
        CHECK(!report.has_face);
        CHECK(report.quality.skip_reason == "no face found");
    }
    media::Frame grey;
    grey.index = 40;
    grey.pts_seconds = 2.0;
    grey.bgr = cv::Mat(240, 320, CV_8UC1, cv::Scalar(0));  // not a colour frame: skipped, not a crash
    CHECK(analyzer->process(grey).quality.skip_reason == "not an 8-bit colour frame");
    auto a = analyzer->assessment();
    CHECK(a.frames == 41);
    CHECK(a.frames_with_face == 0);
    CHECK_FALSE(a.cleared);
    CHECK(a.reason.find("no usable face") != std::string::npos);
    CHECK(a.timeline.size() == 3);
    CHECK(!a.timeline[0].score);
}

