// The handoff's liveness step: is a live person at the camera? A face must be seen for a moment,
// then the person follows one head turn — left or right, chosen at random, at a random moment —
// within the challenge engine's timeout (vision/challenges.h). What was measured is recorded either
// way; without a face, or without the turn, the step is not a pass.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "media/frame_source.h"
#include "session/session.h"
#include "session/step.h"

namespace kiosk::session {

// What the person and the operator see while the check runs.
struct LivenessView {
    cv::Mat frame;                  // the newest analysed frame (BGR; empty while the model loads)
    std::optional<cv::Rect> face;
    std::string instruction;        // what the person is asked to do now
    double seconds_left = 0;        // of the current phase
};

struct LivenessOptions {
    std::uint64_t seed = 1;         // which turn, and when it is asked for
    double face_hold_s = 1.0;       // the face is seen this long before the turn is asked for
    double face_timeout_s = 10.0;   // no face held by then: not live
    std::string landmarks_model = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
};

// Reads `source` on the caller's thread until the outcome is measured, the time is up or the
// source ends. `show` gets every analysed frame and returns false to stop (recorded as stopped).
// `subject` names the camera in findings.
StepOutcome check_liveness(const ConsentPermit& permit, media::FrameSource& source, const std::string& subject,
                           const LivenessOptions& options, const std::function<bool(const LivenessView&)>& show);

}  // namespace kiosk::session
