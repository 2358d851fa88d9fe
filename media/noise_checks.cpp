// Sensor noise floor: a physical sensor's photon and read noise makes static pixels flicker from
// frame to frame; stills and renders leave them exactly unchanged. Both checks read the noise mask:
// in a predicted picture of an inter-frame codec, the blocks the codec copied from its reference are
// left out, because a codec copies still blocks whatever noise the sensor put under them.
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
                   "the previous frame. A sensor's noise changes most of them (typically 5-30 %); a still image or a "
                   "rendered stream leaves most of them untouched. In H.264/HEVC/VP9/AV1 predicted pictures, blocks "
                   "the codec copied whole from the reference are not counted: they show the codec, not the sensor; "
                   "a picture repeated whole still counts.",
    .suspicious_above = 0.5,
    .suspicious_below = std::nullopt};

const SignalDescriptor temporal_noise_descriptor{
    .id = "injection.temporal_noise",
    .title = "Temporal noise level",
    .unit = "luma levels (standard deviation per frame)",
    .explanation = "Standard deviation of the frame-to-frame brightness change in still parts of the scene, divided "
                   "by sqrt(2): the sensor's temporal noise, read where the zero-difference check reads. Real cameras "
                   "show about 0.7-5 levels; near zero means the pixels did not come from a sensor, or were denoised.",
    .suspicious_above = std::nullopt,
    .suspicious_below = 0.5};

namespace {

constexpr double enough_static_pixels = 2000;  // per frame pair, for the pair to count
constexpr double enough_pairs = 30;

std::string percent(double share) { return std::to_string(static_cast<int>(std::lround(share * 100))) + " %"; }

// The frame pairs a noise-floor check measured, kept apart from the pictures an inter-frame codec
// repeated whole. A codec repeats a picture when nothing in it was worth coding: while it codes most
// pictures anew, its repeats say nothing about the sensor (duplicate_frames counts them); a stream
// whose pictures it mostly repeated has no noise floor to show, and the repeats count as measured.
class PairTally {
public:
    void add(double value) { sum_ += value, ++pairs_; }
    void add_repeat() { ++repeats_; }
    double pairs() const { return repeats_count() ? pairs_ + repeats_ : pairs_; }
    // `repeat_value` is what a repeated picture measures (all pixels unchanged, no noise).
    double mean(double repeat_value) const {
        if (pairs() == 0) return 0;
        return (repeats_count() ? sum_ + repeats_ * repeat_value : sum_) / pairs();
    }
    double repeats() const { return repeats_; }

private:
    bool repeats_count() const { return repeats_ > pairs_; }
    double sum_ = 0, pairs_ = 0, repeats_ = 0;
};

// A pair whose newer picture the codec repeated whole from its reference.
bool codec_repeat(const FrameMeasure& measure) { return measure.frame->predicted && measure.duplicate; }

class ZeroTemporalDiff final : public StreamCheck {
public:
    const SignalDescriptor& descriptor() const override { return zero_temporal_diff_descriptor; }
    void feed(const FrameMeasure& measure) override {
        if (!measure.has_previous) return;
        double static_pixels = cv::countNonZero(measure.static_mask);
        if (static_pixels < enough_static_pixels) return;
        if (codec_repeat(measure)) return tally_.add_repeat();
        double noise_pixels = cv::countNonZero(measure.noise_mask);
        static_area_ += static_pixels;
        copied_area_ += static_pixels - noise_pixels;
        if (noise_pixels < enough_static_pixels) {
            ++copied_pairs_;
            return;
        }
        cv::Mat unchanged = (measure.difference == 0) & measure.noise_mask;
        tally_.add(cv::countNonZero(unchanged) / noise_pixels);
    }
    Signal result() const override {
        Signal signal = unmeasured(zero_temporal_diff_descriptor);
        double pairs = tally_.pairs();
        if (pairs == 0) {
            signal.explanation = copied_pairs_ > 0
                                     ? "the codec copied the still regions instead of coding them: no noise floor to see"
                                     : "no still region to measure (the whole scene moved, or the stream was too short)";
            return signal;
        }
        signal.value = tally_.mean(1.0);
        signal.confidence = ramp(pairs, enough_pairs);
        signal.explanation = percent(signal.value) + " of still pixels were exactly unchanged between frames";
        if (copied_area_ > 0)
            signal.explanation += " (not counting the " + percent(copied_area_ / static_area_) +
                                  " of the still area the codec copied from its reference)";
        if (tally_.repeats() > 0)
            signal.explanation += "; the codec repeated " + std::to_string(std::lround(tally_.repeats())) +
                                  " pictures whole";
        signal.explanation += signal.value > *zero_temporal_diff_descriptor.suspicious_above
                                  ? ": no sensor noise floor"
                                  : ": consistent with sensor noise";
        return signal;
    }

private:
    PairTally tally_;
    double copied_pairs_ = 0;  // still scene, but the codec coded too little of it to measure
    double static_area_ = 0, copied_area_ = 0;  // pixels over the measured pairs
};

class TemporalNoise final : public StreamCheck {
public:
    const SignalDescriptor& descriptor() const override { return temporal_noise_descriptor; }
    void feed(const FrameMeasure& measure) override {
        if (!measure.has_previous) return;
        if (cv::countNonZero(measure.static_mask) < enough_static_pixels) return;
        if (codec_repeat(measure)) return tally_.add_repeat();
        if (cv::countNonZero(measure.noise_mask) < enough_static_pixels) return;
        cv::Scalar mean, deviation;
        cv::meanStdDev(measure.difference, mean, deviation, measure.noise_mask);
        tally_.add(deviation[0] / std::sqrt(2.0));
    }
    Signal result() const override {
        Signal signal = unmeasured(temporal_noise_descriptor);
        double pairs = tally_.pairs();
        if (pairs == 0) {
            signal.explanation = "no still region to measure";
            return signal;
        }
        signal.value = tally_.mean(0.0);
        signal.confidence = ramp(pairs, enough_pairs);
        char text[96];
        std::snprintf(text, sizeof text, "temporal noise %.2f levels in still regions", signal.value);
        signal.explanation = std::string(text) + (signal.value < *temporal_noise_descriptor.suspicious_below
                                                      ? ": below any physical sensor"
                                                      : ": a sensor-like noise level");
        return signal;
    }

private:
    PairTally tally_;
};

}  // namespace

std::unique_ptr<StreamCheck> zero_temporal_diff() { return std::make_unique<ZeroTemporalDiff>(); }
std::unique_ptr<StreamCheck> temporal_noise() { return std::make_unique<TemporalNoise>(); }

}  // namespace media::checks
