// The handoff's liveness step on recorded video: what it measures, and that it never passes a
// person it did not see.
#include <doctest/doctest.h>

#include <cstdlib>

#include "media/frame_source.h"
#include "vision/challenges.h"
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

StepOutcome run_on(const std::filesystem::path& clip, const Consented& consented, int* shown = nullptr,
                   const LivenessOptions& options = {}) {
    auto source = media::open_source(clip.string());
    REQUIRE_MESSAGE(source, source.error().message);
    return check_liveness(consented.permit, **source, clip.filename().string(), options, [&](const LivenessView&) {
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
    const auto clip = test::make_clip(consented.dir.path(), 320, 240, 2);
    if (!clip) {
        MESSAGE("skipped: ffmpeg is not installed");
        return;
    }
    int shown = 0;
    const auto outcome = run_on(*clip, consented, &shown);
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

// The first seed from 1 whose liveness check asks for `turn`.
LivenessOptions asking_for(vision::ChallengeKind turn) {
    LivenessOptions options;
    while (vision::random_turn(options.seed) != turn) ++options.seed;
    return options;
}

TEST_CASE("liveness on a real person passes the turn they make and not the one they do not make") {
    // In this recording the person turns their head to their left once and never to the right.
    const auto data = test::shared_data();
    const auto clip = data ? *data / "faces" / "real" / "dfl_Kim_Jarrey_2_left_original.mp4" : std::filesystem::path{};
    if (!data || !std::filesystem::exists(clip) || !std::filesystem::exists(landmarks_model)) {
        MESSAGE("skipped: ../shared/data/faces or the dlib landmark model is absent");
        return;
    }
    Consented consented;
    const auto asked_left = run_on(clip, consented, nullptr, asking_for(vision::ChallengeKind::turn_left));
    CHECK(asked_left.status == StepStatus::ran);
    const auto* left = find_check(asked_left, "liveness.turn_left.outcome");
    REQUIRE(left);
    CHECK(left->value == "pass");
    CHECK(asked_left.findings.empty());
    MESSAGE("asked left: ", asked_left.reason);

    const auto asked_right = run_on(clip, consented, nullptr, asking_for(vision::ChallengeKind::turn_right));
    const auto* right = find_check(asked_right, "liveness.turn_right.outcome");
    REQUIRE(right);
    CHECK(right->value != "pass");
    CHECK_FALSE(asked_right.findings.empty());
    MESSAGE("asked right: ", asked_right.reason);
}

TEST_CASE("liveness stopped by the kiosk is recorded as skipped, not as a result") {
    Consented consented;
    const auto clip = test::make_clip(consented.dir.path(), 160, 120, 1);
    if (!clip) {
        MESSAGE("skipped: ffmpeg is not installed");
        return;
    }
    auto source = media::open_source(clip->string());
    REQUIRE(source);
    const auto outcome = check_liveness(consented.permit, **source, "clip", {}, [](const LivenessView&) { return false; });
    CHECK(outcome.status == StepStatus::skipped);
    CHECK(outcome.reason.find("stopped") != std::string::npos);
    CHECK(outcome.checks.empty());
}
