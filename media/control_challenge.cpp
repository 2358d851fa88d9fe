#include "media/control_challenge.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <opencv2/imgproc.hpp>

namespace media {
namespace {

// How far the statistic must move beyond the baseline: an absolute floor, and a multiple of the
// baseline's own frame-to-frame spread.
constexpr double min_brightness_change = 6;   // luma levels
constexpr double min_ratio_change = 0.05;     // red/blue
constexpr double noise_multiple = 4;
constexpr int frames_to_hold = 2;  // consecutive frames beyond the bound, so a single glitch does not count

class V4l2Controls final : public CameraControls {
public:
    explicit V4l2Controls(int fd) : fd_(fd) {}
    ~V4l2Controls() override { close(fd_); }
    V4l2Controls(const V4l2Controls&) = delete;
    V4l2Controls& operator=(const V4l2Controls&) = delete;

    kiosk::Result<std::int64_t> get(std::uint32_t id) override {
        v4l2_control control{};
        control.id = id;
        if (ioctl(fd_, VIDIOC_G_CTRL, &control) != 0)
            return kiosk::fail("cannot read control " + std::to_string(id) + ": " + std::strerror(errno));
        return control.value;
    }
    kiosk::Result<void> set(std::uint32_t id, std::int64_t value) override {
        v4l2_control control{};
        control.id = id;
        control.value = static_cast<std::int32_t>(value);
        if (ioctl(fd_, VIDIOC_S_CTRL, &control) != 0)
            return kiosk::fail("cannot set control " + std::to_string(id) + ": " + std::strerror(errno));
        return {};
    }

private:
    int fd_;
};

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

// Spread of the baseline: median absolute deviation scaled to a standard deviation.
double spread(std::span<const double> values, double centre) {
    std::vector<double> deviations;
    for (double value : values) deviations.push_back(std::abs(value - centre));
    return 1.4826 * median(deviations);
}

// A value a third of the range away from `current`, towards the side with more room.
std::int64_t far_value(const V4l2Control& control, std::int64_t current, int& sign) {
    std::int64_t span = (control.maximum - control.minimum) / 3;
    bool room_above = control.maximum - current >= current - control.minimum;
    sign = room_above ? 1 : -1;
    std::int64_t target = room_above ? current + span : current - span;
    return std::clamp(target, control.minimum, control.maximum);
}

}  // namespace

kiosk::Result<std::unique_ptr<CameraControls>> open_v4l2_controls(const std::string& device) {
    int fd = open(device.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return kiosk::fail("cannot open " + device + ": " + std::strerror(errno));
    return std::unique_ptr<CameraControls>(std::make_unique<V4l2Controls>(fd));
}

std::vector<ChallengePlan> plan_challenges(const V4l2Probe& probe, CameraControls& controls) {
    struct Candidate {
        std::uint32_t id;
        const char* name;
        std::uint32_t auto_id;
        std::int64_t manual_value;
        ChallengeStatistic statistic;
    };
    const Candidate candidates[] = {
        {V4L2_CID_EXPOSURE_ABSOLUTE, "exposure_time_absolute", V4L2_CID_EXPOSURE_AUTO, V4L2_EXPOSURE_MANUAL,
         ChallengeStatistic::brightness},
        {V4L2_CID_GAIN, "gain", V4L2_CID_AUTOGAIN, 0, ChallengeStatistic::brightness},
        {V4L2_CID_WHITE_BALANCE_TEMPERATURE, "white_balance_temperature", V4L2_CID_AUTO_WHITE_BALANCE, 0,
         ChallengeStatistic::red_blue_ratio},
    };
    std::vector<ChallengePlan> plans;
    for (const auto& candidate : candidates) {
        const V4l2Control* control = probe.control(candidate.id);
        if (!control || control->maximum <= control->minimum || (control->flags & V4L2_CTRL_FLAG_READ_ONLY)) continue;
        auto now = controls.get(candidate.id);
        if (!now) continue;
        ChallengePlan plan;
        plan.control = candidate.id;
        plan.name = candidate.name;
        plan.statistic = candidate.statistic;
        plan.challenge_value = far_value(*control, *now, plan.expected_sign);
        if (probe.control(candidate.auto_id)) plan.manual_mode = std::pair{candidate.auto_id, candidate.manual_value};
        plans.push_back(plan);
    }
    return plans;
}

double frame_statistic(const cv::Mat& bgr, ChallengeStatistic statistic) {
    cv::Scalar mean = cv::mean(bgr);
    if (statistic == ChallengeStatistic::brightness) return 0.114 * mean[0] + 0.587 * mean[1] + 0.299 * mean[2];
    return mean[2] / std::max(1.0, mean[0]);
}

ChallengeResult judge_response(const ChallengePlan& plan, std::span<const double> before, std::span<const double> after,
                               int max_frames) {
    ChallengeResult result;
    result.control = plan.name;
    result.before = median(std::vector<double>(before.begin(), before.end()));
    result.after = after.empty() ? result.before : after.back();
    double floor = plan.statistic == ChallengeStatistic::brightness ? min_brightness_change : min_ratio_change;
    double bound = std::max(floor, noise_multiple * spread(before, result.before));
    int held = 0;
    int limit = std::min<int>(max_frames + frames_to_hold, static_cast<int>(after.size()));
    for (int i = 0; i < limit; ++i) {
        bool moved = (after[i] - result.before) * plan.expected_sign > bound;
        held = moved ? held + 1 : 0;
        if (held == frames_to_hold && i + 1 - frames_to_hold < max_frames) {
            result.responded = true;
            result.frames_to_respond = i + 2 - frames_to_hold;
            break;
        }
    }
    char text[200];
    if (before.empty() || after.empty())
        std::snprintf(text, sizeof text, "%s: no frames to judge", plan.name.c_str());
    else if (result.responded)
        std::snprintf(text, sizeof text, "%s changed: the picture followed within %d frames (%.3g -> %.3g)",
                      plan.name.c_str(), result.frames_to_respond, result.before, result.after);
    else
        std::snprintf(text, sizeof text, "%s changed but the picture did not follow within %d frames (%.3g -> %.3g)",
                      plan.name.c_str(), max_frames, result.before, result.after);
    result.explanation = text;
    return result;
}

kiosk::Result<ChallengeResult> run_challenge(const ChallengePlan& plan, CameraControls& controls, FrameSource& source,
                                             int baseline_frames, int max_frames) {
    auto sample = [&](int count, std::vector<double>& into) -> kiosk::Result<void> {
        for (int i = 0; i < count; ++i) {
            auto frame = source.next();
            if (!frame) return std::unexpected(frame.error());
            if (!*frame) return kiosk::fail(kiosk::ErrorKind::lost, "the stream ended during the control challenge");
            into.push_back(frame_statistic((*frame)->bgr, plan.statistic));
        }
        return {};
    };
    // Remember what to restore before touching anything.
    std::optional<std::int64_t> original_mode;
    if (plan.manual_mode) {
        auto mode = controls.get(plan.manual_mode->first);
        if (!mode) return std::unexpected(mode.error());
        original_mode = *mode;
    }
    auto original = controls.get(plan.control);
    if (!original) return std::unexpected(original.error());

    std::vector<double> before, after;
    kiosk::Result<void> outcome;
    if (plan.manual_mode) outcome = controls.set(plan.manual_mode->first, plan.manual_mode->second);
    if (outcome) outcome = sample(baseline_frames, before);
    if (outcome) outcome = controls.set(plan.control, plan.challenge_value);
    if (outcome) outcome = sample(max_frames + frames_to_hold, after);

    auto restored = controls.set(plan.control, *original);
    if (original_mode) {
        auto mode_restored = controls.set(plan.manual_mode->first, *original_mode);
        if (restored) restored = mode_restored;
    }
    if (!outcome) return std::unexpected(outcome.error());
    if (!restored) return std::unexpected(restored.error());
    return judge_response(plan, before, after, max_frames);
}

}  // namespace media
