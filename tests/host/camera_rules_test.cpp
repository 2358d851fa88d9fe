// config/rules/cameras.toml on the camera fixture trees: the signatures that were hard-coded in
// camera_judge.cpp, now rules on `camera_probe` subjects, fire and stay quiet as before. (The CLI
// behaviour of `kiosk camera` is tests/camera/camera_fixtures_test.cpp.)
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "host/camera_judge.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace kiosk::host;
using kiosk::Severity;

namespace {

CameraReport judged(const std::string& fixture, const RuleSet* rules = nullptr) {
    auto cameras = gather_cameras({kiosk::test::fixtures() / "camera" / fixture, ""});
    REQUIRE_MESSAGE(cameras.has_value(), (cameras ? "" : cameras.error().message));
    REQUIRE(cameras->size() == 1);
    return rules ? judge_camera(cameras->front(), *rules) : judge_camera(cameras->front());
}

std::map<std::string, Severity> fired(const CameraReport& report) {
    std::map<std::string, Severity> out;
    for (const auto& finding : report.findings) out[finding.rule] = finding.severity;
    return out;
}

}  // namespace

TEST_CASE("camera rules: what each camera fixture raises, with its severity") {
    using Fired = std::map<std::string, Severity>;
    CHECK(fired(judged("uvc_webcam")).empty());
    CHECK(fired(judged("loopback_idle")) == Fired{{"camera.v4l2loopback.identity", Severity::high},
                                                  {"camera.capture_and_output", Severity::high},
                                                  {"camera.loopback_controls", Severity::high},
                                                  {"camera.virtual_parent", Severity::high},
                                                  {"camera.read_write", Severity::medium},
                                                  {"camera.ranged_sizes", Severity::medium},
                                                  {"camera.many_formats", Severity::medium},
                                                  {"camera.no_sensor_controls", Severity::medium},
                                                  {"camera.name.virtual", Severity::low}});
    CHECK(fired(judged("vivid")) == Fired{{"camera.vivid.identity", Severity::high},
                                          {"camera.read_write", Severity::medium},
                                          {"camera.no_exposure_timestamps", Severity::low}});
    CHECK(fired(judged("akvcam")) == Fired{{"camera.akvcam.identity", Severity::high},
                                           {"camera.virtual_parent", Severity::high},
                                           {"camera.read_write", Severity::medium},
                                           {"camera.no_sensor_controls.image_only", Severity::low},
                                           {"camera.name.virtual", Severity::low}});
    CHECK(fired(judged("ms2109_dongle")) == Fired{{"camera.capture.usb_identity", Severity::high},
                                                  {"camera.no_sensor_controls.image_only", Severity::low}});
    // 1280x720@30 is Deep-Live-Cam's mode; the OBS loopback's 1920x1080@30 is not
    CHECK(fired(judged("loopback_renamed")).contains("camera.mode.deep_live_cam"));
    CHECK(fired(judged("loopback_obs")).contains("camera.single_mode"));
    CHECK_FALSE(fired(judged("loopback_obs")).contains("camera.mode.deep_live_cam"));
}

TEST_CASE("camera rules: the verdicts are those of the hard-coded judge they replace") {
    const std::map<std::string, std::string> verdicts{
        {"uvc_webcam", "physical"}, {"loopback_idle", "virtual"}, {"loopback_renamed", "virtual"},
        {"loopback_obs", "virtual"}, {"akvcam", "virtual"},       {"vivid", "virtual"},
        {"ms2109_dongle", "capture"}, {"ipu6_relay", "unknown"}};
    for (const auto& [fixture, verdict] : verdicts) {
        CAPTURE(fixture);
        CHECK(to_string(judged(fixture).verdict) == verdict);
    }
    CHECK(judged("uvc_webcam").sensor_proven);
    CHECK_FALSE(judged("ms2109_dongle").sensor_proven);  // a capture chip is never a sensor
}

TEST_CASE("camera rules: behind an IPU relay every other virtual-camera finding drops to info") {
    auto report = judged("ipu6_relay");
    REQUIRE(fired(report).contains("camera.ipu_relay"));
    for (const auto& finding : report.findings) {
        CAPTURE(finding.rule);
        CHECK(finding.severity == (finding.rule == "camera.ipu_relay" ? Severity::medium : Severity::info));
    }
    CHECK(report.findings.front().rule == "camera.ipu_relay");  // worst first
}

TEST_CASE("camera rules: findings name the node and carry the probe facts as evidence") {
    auto report = judged("loopback_obs");
    for (const auto& finding : report.findings) {
        CAPTURE(finding.rule);
        CHECK(finding.subject == "/dev/video10 (OBS Virtual Camera)");
        CHECK_FALSE(finding.evidence.empty());
    }
    const auto name = std::ranges::find(report.findings, std::string("camera.name.virtual"), &kiosk::Finding::rule);
    REQUIRE(name != report.findings.end());
    CHECK(name->evidence.at("probe.named_like") == "OBS Studio");
}

TEST_CASE("camera rules: a site's own camera_probe rule judges with the shipped ones") {
    kiosk::test::TempDir dir;
    kiosk::test::write_file(dir / "site.toml", R"([[rule]]
id = "site.camera.not_our_model"
category = "virtual_camera"
severity = "medium"
subject = "camera_probe"
title = "Not the webcam model this site issues"
explanation = "For the test."
references = ["test"]
when = [{ fact = "probe.usb_vid_pid", equals = "046d:085b", not = true }]
)");
    auto rules = RuleSet::load(dir.path());
    REQUIRE_MESSAGE(rules.has_value(), (rules ? "" : rules.error().message));
    auto report = judged("uvc_webcam", &*rules);
    CHECK(fired(report) == std::map<std::string, Severity>{{"site.camera.not_our_model", Severity::medium}});
    CHECK(report.verdict == CameraVerdict::unknown);  // a medium finding stops `physical`
}
