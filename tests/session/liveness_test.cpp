// The handoff's liveness step on recorded video: what it measures, and that it never passes a
// person it did not see.
#include <doctest/doctest.h>

#include <cstdlib>

#include "media/frame_source.h"
#include "session/liveness.h"
#include "session_support.h"

using namespace kiosk;
using namespace kiosk::session;

namespace {

const std::string landmarks_model = LivenessOptions{}.landmarks_model;

struct Consented {
    test::TempDir dir;
    ledger::Ledger ledger = test::scratch_ledger(dir.path(), "kiosk-l");
    Session session = std::move(Session::start(ledger, {Workflow::handoff, "op-1", "laptop-1", {}}).value());
    ConsentPermit permit = [this] {
        REQUIRE(session.record_consent("the notice", "laptop-1"));
        return session.consent().value();
    }();
};

StepOutcome run_on(const std::filesystem::path& clip, const Consented& consented, int* shown = nullptr) {
    auto source = media::open_source(clip.string());
    REQUIRE_MESSAGE(source, source.error().message);
    return check_liveness(consented.permit, **source, clip.filename().string(), {}, [&](const LivenessView&) {
        if (shown) ++*shown;
        return true;
    });
}

const Check* find_check(const StepOutcome& outcome, std::string_view id) {
    for (const auto& check : outcome.checks)
        if (check.id == id) return &check;
    return nullptr;
}

bool has_finding(const StepOutcome& outcome, std::string_view rule) {
    return std::ranges::any_of(outcome.findings, [&](const Finding& finding) { return finding.rule == rule; });
}

}  // namespace

TEST_CASE("liveness on video without a face is measured and is not a pass") {
    if (!std::filesystem::exists(landmarks_model)) {
        MESSAGE("skipped: the dlib landmark model is not installed");
        return;
    }
    Consented consented;
    const auto clip = consented.dir / "pattern.mp4";
    const std::string command = "ffmpeg -loglevel error -y -f lavfi -i testsrc2=s=320x240:r=15:d=2 -pix_fmt yuv420p '" +
                                clip.string() + "'";
    if (std::system(command.c_str()) != 0) {
        MESSAGE("skipped: ffmpeg is not installed");
        return;
    }
    int shown = 0;
    const auto outcome = run_on(clip, consented, &shown);
    CHECK(outcome.step == "liveness");
    CHECK(outcome.status == StepStatus::ran);
    CHECK(shown >= 30);  // the loading notice, then every frame
    const auto* face = find_check(outcome, "liveness.face_seconds");
    REQUIRE(face);
    CHECK(face->value.get<double>() == doctest::Approx(0));
    CHECK(has_finding(outcome, "liveness.no_face"));
    CHECK_FALSE(find_check(outcome, "liveness.turn_left.outcome"));
    CHECK_FALSE(find_check(outcome, "liveness.turn_right.outcome"));
    CHECK(consented.session.record_step(outcome));
}

TEST_CASE("liveness on a real talking head sees the face and measures the head turn") {
    const auto data = test::shared_data();
    const auto clip = data ? *data / "faces" / "real" / "dfl_David_Kovalniy_1_left_original.mp4" : std::filesystem::path{};
    if (!data || !std::filesystem::exists(clip) || !std::filesystem::exists(landmarks_model)) {
        MESSAGE("skipped: ../shared/data/faces or the dlib landmark model is absent");
        return;
    }
    Consented consented;
    const auto outcome = run_on(clip, consented);
    CHECK(outcome.status == StepStatus::ran);
    const auto* face = find_check(outcome, "liveness.face_seconds");
    REQUIRE(face);
    CHECK(face->value.get<double>() >= LivenessOptions{}.face_hold_s);
    CHECK_FALSE(has_finding(outcome, "liveness.no_face"));
    // The turn was asked for and measured (pass, fail or timeout): the clip is 12.7 s long.
    const bool measured = find_check(outcome, "liveness.turn_left.outcome") || find_check(outcome, "liveness.turn_right.outcome");
    CHECK(measured);
    MESSAGE("measured: ", outcome.reason);
}

TEST_CASE("liveness stopped by the kiosk is recorded as skipped, not as a result") {
    Consented consented;
    const auto clip = consented.dir / "never-read.mp4";
    const std::string command = "ffmpeg -loglevel error -y -f lavfi -i testsrc2=s=160x120:r=15:d=1 -pix_fmt yuv420p '" +
                                clip.string() + "'";
    if (std::system(command.c_str()) != 0) {
        MESSAGE("skipped: ffmpeg is not installed");
        return;
    }
    auto source = media::open_source(clip.string());
    REQUIRE(source);
    const auto outcome = check_liveness(consented.permit, **source, "clip", {}, [](const LivenessView&) { return false; });
    CHECK(outcome.status == StepStatus::skipped);
    CHECK(outcome.reason.find("stopped") != std::string::npos);
    CHECK(outcome.checks.empty());
}
