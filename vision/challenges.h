// Active challenges: prompts a live person can follow and a face swap or a replayed video struggles
// with (deepfake.md §2.1). The engine plans a randomised (seedable) sequence, tells the UI what to
// show at each moment (prompt, moving dot, screen colour), reads one observation per analysed frame
// and measures a pass/fail for each step: pose reached (head pose), a hand passing without the face
// breaking, a dot followed, and the reflection of a screen flash (its colour and latency).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/analyzer.h"

namespace vision {

enum class ChallengeKind { turn_left, turn_right, tilt_down, hand_across, follow_dot, color_flash };

std::string_view challenge_id(ChallengeKind kind);
std::string_view challenge_prompt(ChallengeKind kind);  // what the person is asked to do

struct ChallengeTuning {
    double turn_deg = 30;            // yaw to reach for a profile turn (person's left = nose to image right)
    double tilt_deg = 18;            // pitch to reach for "tilt down"
    double hold_seconds = 0.3;       // the pose must be held this long
    double occluded = 0.4;           // occlusion share that counts as "hand in front"
    double clear = 0.15;             // ... and as "hand gone"
    double max_colour_change = 12;   // skin colour before vs after the hand (BGR levels): the face must not change
    double dot_min_correlation = 0.6;
    double dot_min_amplitude_deg = 4;
    double flash_min_change = 1.5;   // BGR levels of chromatic change on the skin
    double flash_min_cosine = 0.5;   // direction of that change vs the flash colour
    double flash_max_latency = 0.5;  // seconds from flash onset to the reflection
    double min_gap = 0.5, max_gap = 1.5;  // random pause between steps
};

struct ChallengeStep {
    ChallengeKind kind;
    double start = 0;     // seconds from the start of the run, when the prompt appears
    double timeout = 0;   // seconds the person has
    // follow_dot: horizontal dot position x(t) = 0.5 + 0.4 sin(2 pi (t - start) / period + phase)
    double dot_period = 3, dot_phase = 0;
    // color_flash: the screen turns this colour at flash_at for flash_seconds
    cv::Vec3d flash_bgr{0, 0, 0};
    double flash_at = 0, flash_seconds = 0.6;
    double end() const { return start + timeout; }
};

// What one analysed frame tells the engine.
struct ChallengeObservation {
    double t = 0;             // seconds from the start of the run
    bool has_face = false;
    double yaw_deg = 0, pitch_deg = 0;
    double occlusion = 0;
    cv::Vec3d skin_bgr{0, 0, 0};
};

ChallengeObservation observation_from(const FrameReport& report, double run_start_t);

struct ChallengeResult {
    ChallengeKind kind;
    std::string outcome;   // pass, fail, timeout
    double measured = 0;   // the value the outcome was decided on (degrees, occlusion, correlation, cosine)
    double latency = 0;    // seconds from the prompt (or flash) to the response
    std::string detail;    // plain language
};

// What the UI shows at a moment of the run.
struct ChallengeDisplay {
    std::optional<ChallengeKind> prompt;
    std::optional<cv::Point2d> dot;          // 0..1 screen coordinates
    std::optional<cv::Vec3d> screen_bgr;     // fill the screen with this colour
};

// The head turn of a one-turn liveness check: left or right, at random per seed.
ChallengeKind random_turn(std::uint64_t seed);

class ChallengeRun {
public:
    ChallengeRun(std::vector<ChallengeKind> kinds, std::uint64_t seed, ChallengeTuning tuning = {});

    const std::vector<ChallengeStep>& plan() const { return steps_; }
    ChallengeDisplay display(double t) const;
    void observe(const ChallengeObservation& observation);
    bool finished() const { return results_.size() == steps_.size(); }
    const std::vector<ChallengeResult>& results() const { return results_; }

private:
    ChallengeResult judge(const ChallengeStep& step, bool timed_out) const;
    std::optional<ChallengeResult> early_pass(const ChallengeStep& step) const;

    ChallengeTuning tuning_;
    std::vector<ChallengeStep> steps_;
    std::vector<ChallengeObservation> seen_;  // observations of the current step (and the second before it)
    std::vector<ChallengeResult> results_;
};

}  // namespace vision
