// The active control challenge: change a camera's exposure, gain or white balance and check that
// the picture answers as a sensor would within a few frames. A software camera has no such
// controls or ignores them; an HDMI capture dongle applies them to nothing that changes the image.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/result.h"
#include "media/frame_source.h"
#include "media/v4l2_probe.h"

namespace media {

// Reads and writes V4L2 controls; a seam so the challenge runs against fakes in tests.
class CameraControls {
public:
    virtual ~CameraControls() = default;
    virtual kiosk::Result<std::int64_t> get(std::uint32_t id) = 0;
    virtual kiosk::Result<void> set(std::uint32_t id, std::int64_t value) = 0;
};

kiosk::Result<std::unique_ptr<CameraControls>> open_v4l2_controls(const std::string& device);

enum class ChallengeStatistic { brightness, red_blue_ratio };

struct ChallengePlan {
    std::uint32_t control = 0;
    std::string name;  // e.g. "exposure_time_absolute"
    std::int64_t challenge_value = 0;
    // The automatic mode to switch off first (control id, manual value), e.g. auto exposure → manual.
    std::optional<std::pair<std::uint32_t, std::int64_t>> manual_mode;
    ChallengeStatistic statistic = ChallengeStatistic::brightness;
    int expected_sign = 1;  // +1: the statistic should rise, -1: fall
};

struct ChallengeResult {
    std::string control;
    bool responded = false;
    int frames_to_respond = 0;   // after the change was requested (0 when it did not respond)
    double before = 0, after = 0;  // statistic at baseline and at the end of the observation
    std::string explanation;
};

// Challenges the device's controls allow, strongest evidence first (exposure, gain, white balance),
// each moving its control a third of its range away from the present value.
std::vector<ChallengePlan> plan_challenges(const V4l2Probe& probe, CameraControls& controls);

// Mean luma, or mean red / mean blue, of one frame.
double frame_statistic(const cv::Mat& bgr, ChallengeStatistic statistic);

// The decision: did the statistic move the expected way, beyond the baseline's own noise, within
// `max_frames` of the change, and stay there?
ChallengeResult judge_response(const ChallengePlan& plan, std::span<const double> before, std::span<const double> after,
                               int max_frames);

// Runs one challenge on a live source: baseline frames, change, observe, restore the old values.
kiosk::Result<ChallengeResult> run_challenge(const ChallengePlan& plan, CameraControls& controls, FrameSource& source,
                                             int baseline_frames = 8, int max_frames = 10);

}  // namespace media
