#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

#include "session/liveness.h"
#include "session/step_runners.h"
#include "vision/challenges.h"
#include "vision/face_tracker.h"
#include "vision/head_pose.h"

namespace kiosk::session {
namespace {

constexpr std::string_view version = "vision.challenges";

struct Tally {
    std::int64_t frames = 0, frames_with_face = 0;
    double face_seconds = 0;  // time the face was seen, summed over frames
};

StepOutcome measured(const Tally& tally, const LivenessOptions& options) {
    StepOutcome outcome;
    outcome.step = std::string(step_id::liveness);
    outcome.status = StepStatus::ran;
    outcome.checks.push_back({"liveness.face_seconds", std::string(version), tally.face_seconds, options.face_hold_s, "s", std::nullopt});
    return outcome;
}

nlohmann::json tally_json(const Tally& tally) {
    return {{"frames", tally.frames}, {"frames_with_face", tally.frames_with_face}, {"face_seconds", tally.face_seconds}};
}

StepOutcome no_face(const Tally& tally, const LivenessOptions& options, const std::string& subject, const std::string& why) {
    auto outcome = measured(tally, options);
    outcome.reason = why;
    outcome.findings.push_back({"liveness.no_face", "deepfake", Severity::medium,
                                "No face was held at the camera for the liveness check", subject, tally_json(tally)});
    return outcome;
}

StepOutcome judged(const Tally& tally, const LivenessOptions& options, const std::string& subject,
                   const vision::ChallengeResult& result, double threshold_deg) {
    auto outcome = measured(tally, options);
    const std::string id(vision::challenge_id(result.kind));
    const std::string prompt(vision::challenge_prompt(result.kind));
    outcome.checks.push_back({"liveness." + id + ".yaw", std::string(version), result.measured, threshold_deg, "deg", std::nullopt});
    outcome.checks.push_back({"liveness." + id + ".outcome", std::string(version), result.outcome, std::nullopt, "", std::nullopt});
    if (result.outcome == "pass") {
        outcome.reason = "A face was at the camera and followed \"" + prompt + "\" (" + result.detail + ")";
        return outcome;
    }
    outcome.reason = "The head turn was not followed: " + result.outcome + " (" + result.detail + ")";
    outcome.findings.push_back({"liveness.turn_not_followed", "deepfake", Severity::medium,
                                "The person did not follow the head turn \"" + prompt + "\"", subject,
                                {{"outcome", result.outcome}, {"measured_deg", result.measured}, {"latency_s", result.latency},
                                 {"detail", result.detail}, {"face", tally_json(tally)}}});
    return outcome;
}

}  // namespace

StepOutcome check_liveness(const ConsentPermit& permit, media::FrameSource& source, const std::string& subject,
                           const LivenessOptions& options, const std::function<bool(const LivenessView&)>& show) {
    (void)permit;  // its existence is the point: no consent, no analysis of the person
    const auto stopped = [] { return skipped(step_id::liveness, "stopped before the check finished"); };
    try {
        if (!show({{}, std::nullopt, "Loading the face model…", 0})) return stopped();
        vision::TrackerOptions tracker_options;
        tracker_options.landmarks_model = options.landmarks_model;
        auto tracker = vision::FaceTracker::create(tracker_options);
        if (!tracker) return skipped(step_id::liveness, "the face tracker did not start: " + tracker.error().message);

        const auto turn = vision::random_turn(options.seed);
        const vision::ChallengeTuning tuning;
        std::optional<vision::ChallengeRun> run;
        const double fps = source.nominal_fps() > 0 ? source.nominal_fps() : 30;
        double first_t = 0, last_t = 0, run_start = 0;
        std::optional<double> face_since;
        Tally tally;
        for (;;) {
            auto next = source.next();
            if (!next) return skipped(step_id::liveness, "the camera stopped: " + next.error().message);
            if (!*next) break;
            const auto& frame = **next;
            double t = std::isfinite(frame.pts_seconds) ? frame.pts_seconds : static_cast<double>(frame.index) / fps;
            if (tally.frames++ == 0) first_t = t;
            t -= first_t;
            const double frame_seconds = std::max(0.0, t - last_t);
            last_t = t;

            cv::Mat gray;
            cv::cvtColor(frame.bgr, gray, cv::COLOR_BGR2GRAY);
            const auto face = tracker->track(gray);
            const auto pose = face ? vision::estimate_pose(face->landmarks, frame.bgr.size()) : vision::PoseEstimate{};
            const bool has_face = face && pose.whole.valid;
            if (has_face) {
                ++tally.frames_with_face;
                tally.face_seconds += frame_seconds;
                if (!face_since) face_since = t;
            } else {
                face_since.reset();
            }

            LivenessView view{frame.bgr, has_face ? std::optional(face->box) : std::nullopt, "Look at the camera", 0};
            if (!run) {
                if (face_since && t - *face_since >= options.face_hold_s) {
                    run.emplace(std::vector{turn}, options.seed, tuning);
                    run_start = t;
                } else if (t >= options.face_timeout_s) {
                    return no_face(tally, options, subject,
                                   "No face was held at the camera within " +
                                       std::to_string(static_cast<int>(options.face_timeout_s)) + " s");
                }
                view.seconds_left = options.face_timeout_s - t;
            }
            if (run) {
                const double since = t - run_start;
                run->observe({since, has_face, pose.whole.yaw_deg, pose.whole.pitch_deg, 0, {0, 0, 0}});
                if (run->finished()) return judged(tally, options, subject, run->results().front(), tuning.turn_deg);
                if (const auto prompt = run->display(since).prompt) view.instruction = vision::challenge_prompt(*prompt);
                view.seconds_left = run->plan().front().end() - since;
            }
            if (!show(view)) return stopped();
        }
        if (!run) return no_face(tally, options, subject, "The video ended before a face was held at the camera");
        auto outcome = measured(tally, options);
        outcome.reason = "The video ended before the head turn was measured";
        outcome.findings.push_back({"liveness.incomplete", "deepfake", Severity::medium,
                                    "The video ended before the head turn was measured", subject, tally_json(tally)});
        return outcome;
    } catch (const std::exception& error) {
        return skipped(step_id::liveness, std::string("the liveness check failed: ") + error.what());
    }
}

}  // namespace kiosk::session
