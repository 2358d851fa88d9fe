// The active control challenge, on synthetic frame sequences and a simulated camera (no device here).
#include <doctest/doctest.h>

#include <deque>
#include <map>

#include "media/control_challenge.h"

namespace {

media::ChallengePlan exposure_plan(int sign = 1) {
    media::ChallengePlan plan;
    plan.control = V4L2_CID_EXPOSURE_ABSOLUTE;
    plan.name = "exposure_time_absolute";
    plan.challenge_value = 1000;
    plan.expected_sign = sign;
    return plan;
}

// Controls kept in a map; `writes` records every set() in order.
class FakeControls final : public media::CameraControls {
public:
    std::map<std::uint32_t, std::int64_t> values;
    std::vector<std::pair<std::uint32_t, std::int64_t>> writes;
    kiosk::Result<std::int64_t> get(std::uint32_t id) override {
        if (!values.contains(id)) return kiosk::fail("no such control");
        return values[id];
    }
    kiosk::Result<void> set(std::uint32_t id, std::int64_t value) override {
        writes.emplace_back(id, value);
        values[id] = value;
        return {};
    }
};

// A camera whose brightness follows exposure after `latency` frames (a sensor), or never (software).
class SimulatedCamera final : public media::FrameSource {
public:
    SimulatedCamera(FakeControls& controls, bool follows, int latency) : controls_(controls), follows_(follows) {
        for (int i = 0; i < latency; ++i) pipeline_.push_back(100);
    }
    kiosk::Result<std::optional<media::Frame>> next() override {
        double exposure = static_cast<double>(controls_.values[V4L2_CID_EXPOSURE_ABSOLUTE]);
        pipeline_.push_back(follows_ ? std::min(250.0, 100 * exposure / 300) : 100);
        double level = pipeline_.front() + (count_ % 2 ? 1.0 : -1.0);  // a little frame-to-frame noise
        pipeline_.pop_front();
        media::Frame frame;
        frame.bgr = cv::Mat(24, 32, CV_8UC3, cv::Scalar::all(level));
        frame.index = count_++;
        return std::optional<media::Frame>(std::move(frame));
    }
    std::string describe() const override { return "simulated"; }
    double nominal_fps() const override { return 30; }
    media::SourceStats stats() const override { return {}; }

private:
    FakeControls& controls_;
    bool follows_;
    std::deque<double> pipeline_;
    std::int64_t count_ = 0;
};

FakeControls uvc_controls() {
    FakeControls controls;
    controls.values[V4L2_CID_EXPOSURE_AUTO] = V4L2_EXPOSURE_APERTURE_PRIORITY;
    controls.values[V4L2_CID_EXPOSURE_ABSOLUTE] = 300;
    return controls;
}

media::V4l2Probe probe_with_exposure() {
    media::V4l2Probe probe;
    probe.controls.push_back({.id = V4L2_CID_EXPOSURE_AUTO, .name = "Auto Exposure", .type = "menu", .minimum = 0,
                              .maximum = 3, .step = 1, .default_value = 3, .flags = 0});
    probe.controls.push_back({.id = V4L2_CID_EXPOSURE_ABSOLUTE, .name = "Exposure Time, Absolute", .type = "integer",
                              .minimum = 3, .maximum = 2047, .step = 1, .default_value = 250, .flags = 0});
    return probe;
}

}  // namespace

TEST_CASE("judging: a statistic that jumps and stays is a response, with its latency") {
    std::vector<double> before{100, 101, 99, 100, 100, 101, 99, 100};
    std::vector<double> after{100, 100, 140, 150, 152, 151, 150, 150, 151, 150, 150, 150};
    auto result = media::judge_response(exposure_plan(), before, after, 10);
    CHECK(result.responded);
    CHECK(result.frames_to_respond == 3);
    CHECK(result.before == 100);
}

TEST_CASE("judging: no change, a one-frame glitch, the wrong direction and a too-late change are not responses") {
    std::vector<double> before{100, 101, 99, 100, 100, 101, 99, 100};
    std::vector<double> flat(12, 100.0);
    CHECK(!media::judge_response(exposure_plan(), before, flat, 10).responded);
    std::vector<double> glitch{100, 100, 160, 100, 100, 100, 100, 100, 100, 100, 100, 100};
    CHECK(!media::judge_response(exposure_plan(), before, glitch, 10).responded);
    std::vector<double> darker{100, 60, 55, 55, 55, 55, 55, 55, 55, 55, 55, 55};
    CHECK(!media::judge_response(exposure_plan(+1), before, darker, 10).responded);
    CHECK(media::judge_response(exposure_plan(-1), before, darker, 10).responded);
    std::vector<double> late{100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 150, 150};
    CHECK(!media::judge_response(exposure_plan(), before, late, 10).responded);
}

TEST_CASE("judging: a change within the baseline's own noise is not a response") {
    std::vector<double> noisy_before{90, 110, 95, 105, 88, 112, 100, 97};
    std::vector<double> after{108, 112, 110, 109, 111, 110, 112, 108, 110, 111, 110, 110};
    CHECK(!media::judge_response(exposure_plan(), noisy_before, after, 10).responded);
}

TEST_CASE("planning: exposure is challenged with auto exposure switched to manual first") {
    auto controls = uvc_controls();
    auto plans = media::plan_challenges(probe_with_exposure(), controls);
    REQUIRE(plans.size() == 1);
    CHECK(plans[0].control == V4L2_CID_EXPOSURE_ABSOLUTE);
    REQUIRE(plans[0].manual_mode);
    CHECK(plans[0].manual_mode->second == V4L2_EXPOSURE_MANUAL);
    CHECK(plans[0].expected_sign == 1);  // 300 of 3..2047: more room above
    CHECK(plans[0].challenge_value > 300);
    CHECK(media::plan_challenges(media::V4l2Probe{}, controls).empty());
}

TEST_CASE("a simulated sensor answers the challenge — a software camera does not — both are restored") {
    for (bool follows : {true, false}) {
        CAPTURE(follows);
        auto controls = uvc_controls();
        auto plans = media::plan_challenges(probe_with_exposure(), controls);
        REQUIRE(plans.size() == 1);
        SimulatedCamera camera(controls, follows, 2);
        auto result = media::run_challenge(plans[0], controls, camera);
        REQUIRE(result);
        CHECK(result->responded == follows);
        if (follows) CHECK(result->frames_to_respond <= 4);
        CHECK(controls.values[V4L2_CID_EXPOSURE_ABSOLUTE] == 300);
        CHECK(controls.values[V4L2_CID_EXPOSURE_AUTO] == V4L2_EXPOSURE_APERTURE_PRIORITY);
    }
}
