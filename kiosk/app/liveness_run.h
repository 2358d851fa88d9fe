// The handoff's liveness check on its own thread (it reads the camera for several seconds): opens
// the source, runs session::check_liveness on it and publishes what to show — the newest frame with
// the face box, the instruction, the countdown — and, at the end, the measured step outcome.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "app/latest.h"
#include "app/video_pipeline.h"
#include "media/frame_source.h"
#include "session/liveness.h"

namespace kiosk::app {

struct LivenessSnapshot {
    VideoSnapshot video;         // frame, frame_index and face, for VideoView
    std::string instruction;     // what the person is asked to do now
    double seconds_left = 0;
    std::optional<session::StepOutcome> outcome;  // set once the check is over
};

class LivenessRun {
public:
    // `opening`: how the camera is opened (session::source_options: the configured timeout).
    LivenessRun(std::string source, media::SourceOptions opening, session::ConsentPermit permit, std::uint64_t seed);
    ~LivenessRun();  // stops the check (recorded as stopped if it had not finished) and joins
    LivenessRun(const LivenessRun&) = delete;
    LivenessRun& operator=(const LivenessRun&) = delete;

    std::shared_ptr<const LivenessSnapshot> snapshot() const;
    const std::string& source() const { return source_; }

private:
    void run(session::ConsentPermit permit, std::uint64_t seed);
    void publish(std::shared_ptr<const LivenessSnapshot> next);

    std::string source_;
    media::SourceOptions opening_;
    std::atomic<bool> stopping_{false};
    Latest<LivenessSnapshot> latest_;  // the UI reads, the worker replaces
    std::thread thread_;
};

}  // namespace kiosk::app
