// Frame timing: a sensor's clock wobbles a little; a software timer or a muxer ticks exactly.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "media/stream_checks.h"

namespace media::checks {

const SignalDescriptor interval_jitter_descriptor{
    .id = "injection.interval_jitter",
    .title = "Frame-interval jitter",
    .unit = "milliseconds (standard deviation of frame intervals)",
    .explanation = "How much the time between frames varies. A live camera's capture timestamps vary by a fraction "
                   "of a millisecond or more; output paced by a software timer (a virtual camera feeding a fixed "
                   "frame rate) is exactly periodic. A file's timestamps were written by its muxer and say little.",
    .suspicious_above = std::nullopt,
    .suspicious_below = 0.02};

namespace {

class IntervalJitter final : public StreamCheck {
public:
    explicit IntervalJitter(const StreamProfile& profile) : live_(profile.live) {}
    const SignalDescriptor& descriptor() const override { return interval_jitter_descriptor; }
    void feed(const FrameMeasure& measure) override {
        if (has_last_ && measure.time_seconds > last_) {
            double interval = (measure.time_seconds - last_) * 1000;
            sum_ += interval;
            sum_squares_ += interval * interval;
            ++count_;
        }
        last_ = measure.time_seconds;
        has_last_ = true;
    }
    Signal result() const override {
        Signal signal = unmeasured(interval_jitter_descriptor);
        if (count_ < 2) {
            signal.explanation = "too few frames to measure the frame interval";
            return signal;
        }
        double mean = sum_ / count_;
        signal.value = std::sqrt(std::max(0.0, sum_squares_ / count_ - mean * mean));
        // Only a capture clock says something about the producer; a file's clock is its muxer's.
        signal.confidence = ramp(count_, 60) * (live_ ? 1.0 : 0.2);
        char text[160];
        std::snprintf(text, sizeof text, "frame interval %.2f ms, jitter %.3f ms%s", mean, signal.value,
                      live_ ? (signal.value < *interval_jitter_descriptor.suspicious_below
                                   ? ": exactly periodic, as a software timer paces frames"
                                   : ": the irregularity of a capture clock")
                            : " (timestamps from a file: not evidence either way)");
        signal.explanation = text;
        return signal;
    }

private:
    bool live_;
    bool has_last_ = false;
    double last_ = 0, sum_ = 0, sum_squares_ = 0, count_ = 0;
};

}  // namespace

std::unique_ptr<StreamCheck> interval_jitter(const StreamProfile& profile) {
    return std::make_unique<IntervalJitter>(profile);
}

}  // namespace media::checks
