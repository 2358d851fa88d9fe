// Sensor noise floor: a physical sensor's photon and read noise makes static pixels flicker from
// frame to frame; stills, renders and heavily re-encoded recordings leave them exactly unchanged.
#include <cmath>
#include <opencv2/core.hpp>
#include <string>

#include "media/stream_checks.h"

namespace media::checks {

const SignalDescriptor zero_temporal_diff_descriptor{
    .id = "injection.zero_temporal_diff",
    .title = "Static pixels that never change",
    .unit = "fraction of static pixels",
    .explanation = "Share of pixels in still, unclipped parts of the scene whose brightness is exactly the same as in "
                   "the previous frame. A sensor's noise changes most of them (typically 5-30 %); a still image, a "
                   "rendered or a re-encoded stream leaves most of them untouched.",
    .suspicious_above = 0.5,
    .suspicious_below = std::nullopt};

const SignalDescriptor temporal_noise_descriptor{
    .id = "injection.temporal_noise",
    .title = "Temporal noise level",
    .unit = "luma levels (standard deviation per frame)",
    .explanation = "Standard deviation of the frame-to-frame brightness change in still parts of the scene, divided "
                   "by sqrt(2): the sensor's temporal noise. Real cameras show about 0.7-5 levels; near zero means "
                   "the pixels did not come from a sensor, or were denoised and re-encoded.",
    .suspicious_above = std::nullopt,
    .suspicious_below = 0.5};

namespace {

constexpr double enough_static_pixels = 2000;  // per frame pair, for the pair to count
constexpr double enough_pairs = 30;

class ZeroTemporalDiff final : public StreamCheck {
public:
    const SignalDescriptor& descriptor() const override { return zero_temporal_diff_descriptor; }
    void feed(const FrameMeasure& measure) override {
        if (!measure.has_previous) return;
        double static_pixels = cv::countNonZero(measure.static_mask);
        if (static_pixels < enough_static_pixels) return;
        cv::Mat unchanged = (measure.difference == 0) & measure.static_mask;
        sum_ += cv::countNonZero(unchanged) / static_pixels;
        ++pairs_;
    }
    Signal result() const override {
        Signal signal = unmeasured(zero_temporal_diff_descriptor);
        if (pairs_ == 0) {
            signal.explanation = "no still region to measure (the whole scene moved, or the stream was too short)";
            return signal;
        }
        signal.value = sum_ / pairs_;
        signal.confidence = ramp(pairs_, enough_pairs);
        signal.explanation = std::to_string(static_cast<int>(std::lround(signal.value * 100))) +
                             " % of still pixels were exactly unchanged between frames" +
                             (signal.value > *zero_temporal_diff_descriptor.suspicious_above
                                  ? ": no sensor noise floor"
                                  : ": consistent with sensor noise");
        return signal;
    }

private:
    double sum_ = 0;
    double pairs_ = 0;
};

class TemporalNoise final : public StreamCheck {
public:
    const SignalDescriptor& descriptor() const override { return temporal_noise_descriptor; }
    void feed(const FrameMeasure& measure) override {
        if (!measure.has_previous) return;
        if (cv::countNonZero(measure.static_mask) < enough_static_pixels) return;
        cv::Scalar mean, deviation;
        cv::meanStdDev(measure.difference, mean, deviation, measure.static_mask);
        sum_ += deviation[0] / std::sqrt(2.0);
        ++pairs_;
    }
    Signal result() const override {
        Signal signal = unmeasured(temporal_noise_descriptor);
        if (pairs_ == 0) {
            signal.explanation = "no still region to measure";
            return signal;
        }
        signal.value = sum_ / pairs_;
        signal.confidence = ramp(pairs_, enough_pairs);
        char text[96];
        std::snprintf(text, sizeof text, "temporal noise %.2f levels in still regions", signal.value);
        signal.explanation = std::string(text) + (signal.value < *temporal_noise_descriptor.suspicious_below
                                                      ? ": below any physical sensor"
                                                      : ": a sensor-like noise level");
        return signal;
    }

private:
    double sum_ = 0;
    double pairs_ = 0;
};

}  // namespace

std::unique_ptr<StreamCheck> zero_temporal_diff() { return std::make_unique<ZeroTemporalDiff>(); }
std::unique_ptr<StreamCheck> temporal_noise() { return std::make_unique<TemporalNoise>(); }

}  // namespace media::checks
