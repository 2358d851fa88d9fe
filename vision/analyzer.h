// The analyser the session and the UI drive: frames in one at a time, a report per frame (face box,
// landmarks, pose, quality, instant measurements) and, at any moment, an assessment of the stream
// so far: one calibrated score, whether it is cleared, the check signals, a per-second timeline and
// the evidence in words. It decides no verdict: the session's Policy does (kiosk/session/verdict.h).
#pragma once
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "media/frame.h"
#include "media/signal.h"
#include "media/stream_signals.h"
#include "vision/face_sample.h"
#include "vision/face_tracker.h"
#include "vision/identity_consistency.h"
#include "vision/swap_detector.h"

namespace vision {

struct AnalyzerOptions {
    TrackerOptions tracker;
    int min_face_frames = 15;         // fewer scored frames than this: review, "no usable face"
    double min_face_px = 24;          // inter-ocular distance below this: too small to score
    double max_yaw_deg = 40, max_pitch_deg = 30;
    double max_occlusion = 0.35;
    double min_blur = 8;              // Laplacian variance of the face crop below this: too blurred
    double window_seconds = 120;      // checks look at this much recent video
    double nominal_fps = 30;          // frame clock when the stream has no timestamps
    media::StreamProfile stream;      // for media's stream-level injection signals
};

struct FrameQuality {
    double face_px = 0;     // inter-ocular distance, image pixels
    double blur = 0;
    double brightness = 0;
    double occlusion = 0;   // share of the face that differs from its recent appearance
    bool usable = false;
    std::string skip_reason;  // why the frame was not scored ("" when usable)
};

struct FrameReport {
    std::int64_t index = 0;
    double t = 0;
    bool has_face = false;
    cv::Rect box;
    Landmarks landmarks{};
    PoseEstimate pose;
    FrameQuality quality;
    cv::Vec3d skin_bgr{0, 0, 0};        // mean cheek/forehead colour (screen-flash reflection)
    std::vector<media::Signal> signals;  // this frame's instant measurements (scored frames only)
};

struct TimelineEntry {
    int second = 0;
    int frames = 0;
    int frames_with_face = 0;
    std::optional<double> score;  // nullopt when that second had too few scored frames
};

struct Assessment {
    std::int64_t frames = 0;
    std::int64_t frames_with_face = 0;
    std::int64_t frames_scored = 0;
    double score = 0;            // the learned swap detector's clip score: 0 genuine .. 1 manipulated
    bool cleared = false;        // enough frames, and the score inside the model's validated clear region
    bool identity_jumped = false;  // identity.jump at or above its threshold with a known baseline
    std::vector<media::Signal> signals;
    std::vector<TimelineEntry> timeline;
    std::string reason;
    std::vector<std::string> stream_suspicions;  // media's injection signals beyond their bounds
};

class Analyzer {
public:
    static kiosk::Result<Analyzer> create(AnalyzerOptions options);
    Analyzer(Analyzer&&) noexcept;
    Analyzer& operator=(Analyzer&&) noexcept;
    ~Analyzer();

    FrameReport process(const media::Frame& frame);
    Assessment assessment() const;
    // Whether a challenge is being asked for from the next frame on: faces are then embedded densely
    // for the identity check (vision/identity_consistency.h).
    void mark_challenge(bool active);
    // The scored frames inside the window (for the training and evaluation programs).
    std::vector<FaceSample> scored_samples() const;

private:
    struct State;
    explicit Analyzer(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};


}  // namespace vision
