// The deepfake_analysis step built from an assessment: the one function the headless step and the
// interview screen share.
#include <doctest/doctest.h>

#include <algorithm>

#include "session/analysis_record.h"

using namespace kiosk;
using namespace kiosk::session;

namespace {

vision::Assessment assessment_with(std::int64_t frames_scored) {
    vision::Assessment assessment;
    assessment.frames = 300;
    assessment.frames_with_face = 280;
    assessment.frames_scored = frames_scored;
    assessment.score = 0.62;
    assessment.reason = "the face's texture is smoother than a camera's";
    assessment.signals = {{"injection.block_grid", 1.4, 0.9, "block-compressed"}, {"vision.unknown_signal", 3, 0.5, ""}};
    assessment.stream_suspicions = {"the stream looks block-compressed on its way in"};
    return assessment;
}

const Check* check(const StepOutcome& outcome, std::string_view id) {
    auto found = std::ranges::find(outcome.checks, id, &Check::id);
    return found == outcome.checks.end() ? nullptr : &*found;
}

Config config_from(std::string text) {
    auto config = Config::parse(text, "test.toml");
    REQUIRE_MESSAGE(config, config.error().message);
    return std::move(*config);
}

bool has_finding(const StepOutcome& outcome, std::string_view rule) {
    return std::ranges::any_of(outcome.findings, [&](const Finding& finding) { return finding.rule == rule; });
}

}  // namespace

TEST_CASE("analysis setup takes the policy's score thresholds and the vision settings and hashes the model") {
    const auto config = config_from("[policy]\nscore_review = 0.4\nscore_fail = 0.7\nscore_alone_can_fail = true\n"
                                    "[vision]\nmin_face_frames = 20\nlandmarks_model = \"/opt/models/landmarks.dat\"\n");
    auto setup = analysis_setup(config, "clip.mp4", 25);
    REQUIRE_MESSAGE(setup, setup.error().message);
    CHECK(setup->policy.score_review == doctest::Approx(0.4));
    CHECK(setup->policy.score_fail == doctest::Approx(0.7));
    CHECK(setup->policy.score_alone_can_fail);
    CHECK(setup->options.min_face_frames == 20);
    CHECK(setup->options.tracker.landmarks_model == "/opt/models/landmarks.dat");
    CHECK(setup->options.nominal_fps == doctest::Approx(25));
    CHECK(setup->model_version.starts_with("sha256:"));
    CHECK(setup->model_version.size() == 7 + 64);
    auto unknown_rate = analysis_setup(config, "clip.mp4", 0);  // a source that does not say keeps the analyser's default clock
    REQUIRE(unknown_rate);
    CHECK(unknown_rate->options.nominal_fps == doctest::Approx(vision::AnalyzerOptions{}.nominal_fps));
    CHECK(unknown_rate->model_version == setup->model_version);
}

TEST_CASE("analysis setup tells media's stream signals whether the source is live, whoever analyses it") {
    const auto config = Config::defaults();
    for (const std::string live : {"v4l2:/dev/video0", "screen:0,0,640x480", "rtsp://camera.local/stream"}) {
        auto setup = analysis_setup(config, live, 30);
        REQUIRE(setup);
        CHECK_MESSAGE(setup->options.stream.live, live);
        CHECK(setup->options.stream.nominal_fps == doctest::Approx(30));
    }
    auto recording = analysis_setup(config, "interview.mp4", 30);
    REQUIRE(recording);
    CHECK_FALSE(recording->options.stream.live);
}

TEST_CASE("analysis outcome records score and signals against their thresholds with the model version") {
    auto setup = analysis_setup(config_from("[policy]\nscore_fail = 0.7\n"), "clip.mp4", 30);
    REQUIRE(setup);
    const auto outcome = analysis_outcome(assessment_with(200), *setup, "call.mp4");
    CHECK(outcome.step == "deepfake_analysis");
    CHECK(outcome.status == StepStatus::ran);
    REQUIRE(outcome.score);
    CHECK(*outcome.score == doctest::Approx(0.62));
    const auto* score = check(outcome, "vision.assessment.score");
    REQUIRE(score);
    CHECK(score->threshold == 0.7);
    CHECK(score->version == setup->model_version);
    const auto* scored = check(outcome, "vision.frames_scored");
    REQUIRE(scored);
    CHECK(scored->threshold == setup->options.min_face_frames);
    const auto* grid = check(outcome, "injection.block_grid");
    REQUIRE(grid);
    CHECK(grid->threshold == doctest::Approx(1.25));  // media's bound for the signal
    const auto* unknown = check(outcome, "vision.unknown_signal");
    REQUIRE(unknown);
    CHECK_FALSE(unknown->threshold);
    CHECK(has_finding(outcome, "injection.stream_signal"));
    CHECK_FALSE(has_finding(outcome, "vision.no_usable_face"));
}

TEST_CASE("analysis outcome says no usable face below the fewest frames that can be scored and not at it") {
    auto setup = analysis_setup(Config::defaults(), "clip.mp4", 30);
    REQUIRE(setup);
    const auto minimum = setup->options.min_face_frames;
    CHECK(has_finding(analysis_outcome(assessment_with(0), *setup, "call.mp4"), "vision.no_usable_face"));
    CHECK(has_finding(analysis_outcome(assessment_with(minimum - 1), *setup, "call.mp4"), "vision.no_usable_face"));
    CHECK_FALSE(has_finding(analysis_outcome(assessment_with(minimum), *setup, "call.mp4"), "vision.no_usable_face"));
}
