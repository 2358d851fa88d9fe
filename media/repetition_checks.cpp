// Repeated pictures: duplicated frames (a producer slower than the frame rate it claims), frozen
// stretches (a still image), and content that comes back exactly (a looped recording).
#include <cmath>
#include <cstdio>
#include <deque>
#include <opencv2/imgproc.hpp>
#include <string>

#include "media/stream_checks.h"

namespace media::checks {

const SignalDescriptor duplicate_frames_descriptor{
    .id = "injection.duplicate_frames",
    .title = "Duplicated frames",
    .unit = "fraction of frames",
    .explanation = "Share of frames (nearly) identical to the one before. Sensor noise makes every real frame "
                   "differ; duplicates come from a producer slower than the frame rate it announces (a face-swap "
                   "pipeline behind a virtual camera) or from a still image.",
    .suspicious_above = 0.05,
    .suspicious_below = std::nullopt};

const SignalDescriptor frozen_frames_descriptor{
    .id = "injection.frozen_frames",
    .title = "Longest frozen stretch",
    .unit = "seconds",
    .explanation = "Longest run of identical consecutive frames. A live camera never freezes while it delivers "
                   "frames; a still image or a stalled injection pipeline does.",
    .suspicious_above = 1.0,
    .suspicious_below = std::nullopt};

const SignalDescriptor looped_content_descriptor{
    .id = "injection.looped_content",
    .title = "Looped content",
    .unit = "fraction of changing frames",
    .explanation = "Share of changing frames whose picture, noise included, already appeared at least a second "
                   "earlier. Live noise never repeats, so exact repeats mean a recording played in a loop.",
    .suspicious_above = 0.3,
    .suspicious_below = std::nullopt};

namespace {

class DuplicateFrames final : public StreamCheck {
public:
    const SignalDescriptor& descriptor() const override { return duplicate_frames_descriptor; }
    void feed(const FrameMeasure& measure) override {
        if (!measure.has_previous) return;
        ++pairs_;
        if (measure.duplicate) ++duplicates_;
    }
    Signal result() const override {
        Signal signal = unmeasured(duplicate_frames_descriptor);
        if (pairs_ == 0) {
            signal.explanation = "too few frames";
            return signal;
        }
        signal.value = duplicates_ / pairs_;
        signal.confidence = ramp(pairs_, 30);
        char text[96];
        std::snprintf(text, sizeof text, "%.0f of %.0f frames repeated the previous one", duplicates_, pairs_);
        signal.explanation = text;
        return signal;
    }

private:
    double pairs_ = 0, duplicates_ = 0;
};

class FrozenFrames final : public StreamCheck {
public:
    explicit FrozenFrames(const StreamProfile& profile) : nominal_fps_(profile.nominal_fps) {}
    const SignalDescriptor& descriptor() const override { return frozen_frames_descriptor; }
    void feed(const FrameMeasure& measure) override {
        ++frames_;
        if (!measure.duplicate) {
            run_start_ = measure.time_seconds;
            run_frames_ = 0;
            return;
        }
        ++run_frames_;
        // Timestamps may all be equal (a stalled clock); then count frames at the nominal rate.
        double by_clock = measure.time_seconds - run_start_;
        double by_count = nominal_fps_ > 0 ? run_frames_ / nominal_fps_ : 0;
        longest_ = std::max(longest_, std::max(by_clock, by_count));
    }
    Signal result() const override {
        Signal signal = unmeasured(frozen_frames_descriptor);
        signal.value = longest_;
        signal.confidence = ramp(frames_, 30);
        char text[96];
        std::snprintf(text, sizeof text, "%.2f s in a row without a single changed frame", longest_);
        signal.explanation = text;
        return signal;
    }

private:
    double nominal_fps_;
    double frames_ = 0, run_frames_ = 0, run_start_ = 0, longest_ = 0;
};

class LoopedContent final : public StreamCheck {
public:
    const SignalDescriptor& descriptor() const override { return looped_content_descriptor; }
    void feed(const FrameMeasure& measure) override {
        // Float thumbnails: 8-bit area averaging would round away the noise that tells repeats apart.
        cv::Mat gray_float, thumbnail;
        measure.gray.convertTo(gray_float, CV_32F);
        cv::resize(gray_float, thumbnail, cv::Size(32, 24), 0, 0, cv::INTER_AREA);
        if (measure.has_previous && !measure.duplicate && !history_.empty()) {
            double change = mean_difference(thumbnail, history_.back().thumbnail);
            if (change > min_change) {
                ++compared_;
                double closest = change;
                for (const auto& earlier : history_) {
                    if (measure.time_seconds - earlier.time < min_lag_seconds) break;
                    closest = std::min(closest, mean_difference(thumbnail, earlier.thumbnail));
                }
                if (closest < repeat_ratio * change) ++repeats_;
            }
        }
        if (!measure.duplicate || history_.empty()) history_.push_back({measure.time_seconds, thumbnail});
        while (history_.size() > max_history) history_.pop_front();
    }
    Signal result() const override {
        Signal signal = unmeasured(looped_content_descriptor);
        if (compared_ == 0) {
            signal.explanation = "no changing frames a second apart to compare";
            return signal;
        }
        signal.value = repeats_ / compared_;
        signal.confidence = ramp(compared_, 60);
        char text[96];
        std::snprintf(text, sizeof text, "%.0f of %.0f changing frames repeated earlier content exactly", repeats_,
                      compared_);
        signal.explanation = text;
        return signal;
    }

private:
    struct Entry {
        double time;
        cv::Mat thumbnail;
    };
    static double mean_difference(const cv::Mat& a, const cv::Mat& b) {
        return cv::norm(a, b, cv::NORM_L1) / static_cast<double>(a.total());
    }
    static constexpr double min_change = 0.3;      // thumbnail levels: the frame really changed
    static constexpr double repeat_ratio = 0.3;    // an old frame is this much closer than the previous one
    static constexpr double min_lag_seconds = 1.0;
    static constexpr std::size_t max_history = 600;  // 20 s at 30 fps

    std::deque<Entry> history_;
    double compared_ = 0, repeats_ = 0;
};

}  // namespace

std::unique_ptr<StreamCheck> duplicate_frames() { return std::make_unique<DuplicateFrames>(); }
std::unique_ptr<StreamCheck> frozen_frames(const StreamProfile& profile) {
    return std::make_unique<FrozenFrames>(profile);
}
std::unique_ptr<StreamCheck> looped_content() { return std::make_unique<LoopedContent>(); }

}  // namespace media::checks
