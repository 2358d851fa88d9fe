// The interview's video path off the UI thread: media's capture thread posts frames into a
// latest-frame mailbox; an analysis thread takes the newest, runs the analyser on it and publishes
// an immutable snapshot. The UI reads the newest snapshot each frame and never waits on either.
#pragma once
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/core.hpp>

#include "app/latest.h"
#include "core/config.h"
#include "media/signal.h"
#include "session/analysis_record.h"
#include "session/step.h"
#include "vision/analyzer.h"
#include "vision/challenges.h"

namespace kiosk::app {

struct VideoSnapshot {
    enum class State { opening, running, ended, failed };
    State state = State::opening;
    std::string message;       // why it failed or ended, in plain language
    std::string description;   // what the source says about itself
    cv::Mat frame;             // newest frame shown (BGR); never written after publishing
    std::int64_t frame_index = -1;
    double capture_fps = 0;    // frames arriving from the source
    double analysis_fps = 0;   // frames the analyser finished
    std::int64_t dropped = 0;  // frames the analyser could not take (the mailbox replaced them)

    bool analysis_loading = false;    // the face models are still loading
    bool analysis_available = false;  // false: no analyser (loading, or why not in analysis_problem)
    std::string analysis_problem;     // why analysis is not running (no model, no face…)
    std::shared_ptr<const session::AnalysisSetup> setup;  // how the analyser was set up, once it runs
    std::optional<cv::Rect> face;
    std::vector<cv::Point2f> landmarks;
    std::optional<vision::Assessment> assessment;       // the stream so far (refreshed a few times a second)
    std::optional<session::Recommendation> judged;      // the session policy's reading of that assessment
    std::map<std::string, std::vector<float>> history;  // per signal id (and "score"), one value per refresh (last 300)

    // Active challenges, once started: the run as of this frame, and when it started on the steady clock.
    std::optional<vision::ChallengeRun> challenges;
    std::chrono::steady_clock::time_point challenge_origin;
};

// The deepfake_analysis step as the session records it, from the live analysis (skipped with the
// reason when there was none).
session::StepOutcome analysis_outcome(const VideoSnapshot& snapshot, std::string_view source);

class VideoPipeline {
public:
    // Opens `source` (media::open_source spec) and starts capture and analysis threads at once;
    // opening happens on the capture side, so a dead URL or unplugged camera never blocks the UI.
    VideoPipeline(std::string source, const Config& config);
    ~VideoPipeline();  // stops and joins both threads
    VideoPipeline(const VideoPipeline&) = delete;
    VideoPipeline& operator=(const VideoPipeline&) = delete;

    std::shared_ptr<const VideoSnapshot> snapshot() const;
    // Starts a randomised run of every active challenge on the analysis thread.
    void start_challenges(std::uint64_t seed) { challenge_seed_ = seed; }
    const std::string& source() const { return source_; }

private:
    void run();
    void publish(std::shared_ptr<const VideoSnapshot> next);

    std::string source_;
    const Config& config_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> challenge_seed_{0};  // non-zero: start a run with this seed
    Latest<VideoSnapshot> latest_;  // the UI reads, the worker replaces
    std::thread thread_;
};

}  // namespace kiosk::app
