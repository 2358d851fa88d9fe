// Stream-level injection signals: does this stream carry a physical sensor's noise and timing, or
// the marks of a still image, a loop, duplicated frames or a re-encoded recording?
//
// Incremental: feed frames one at a time (any source, any rate), read results() whenever needed.
//   media::StreamSignals signals({.live = true, .nominal_fps = 30});
//   signals.feed(frame);  ...  for (const media::Signal& s : signals.results()) show(s);
// Every check is listed once in stream_signals.cpp; its descriptor documents the value.
#pragma once
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

#include "media/frame.h"
#include "media/signal.h"

namespace media {

struct SignalDescriptor {
    std::string_view id;           // stable, e.g. "injection.zero_temporal_diff"
    std::string_view title;        // plain language
    std::string_view unit;         // of Signal::value
    std::string_view explanation;  // what is measured and how to read it
    // The value is suspicious beyond this bound (above or below), once the confidence is at least 0.5.
    std::optional<double> suspicious_above;
    std::optional<double> suspicious_below;
};

struct StreamProfile {
    bool live = false;       // timestamps come from a capture clock (camera, network, screen), not a muxer
    double nominal_fps = 0;  // 0 when unknown
};

// What every check reads about one frame, computed once.
struct FrameMeasure {
    const Frame* frame = nullptr;
    double time_seconds = 0;   // pts when the source has one, else arrival; from the first frame
    cv::Mat gray;              // luma, every step-th pixel (values kept exact), at most ~640 wide
    bool has_previous = false;
    cv::Mat difference;        // CV_16S: gray - previous gray
    cv::Mat static_mask;       // CV_8U: 255 where the scene did not move and the pixel is not clipped
    cv::Mat noise_mask;        // CV_8U: static_mask less the blocks a predicted picture copied from its reference
    double changed_fraction = 1;  // share of pixels whose luma moved by more than 2 levels
    bool duplicate = false;       // (nearly) identical to the previous frame
};

class StreamCheck {
public:
    virtual ~StreamCheck() = default;
    virtual const SignalDescriptor& descriptor() const = 0;
    virtual void feed(const FrameMeasure& measure) = 0;
    virtual Signal result() const = 0;
};

// Whether a finished signal is beyond its descriptor's bound with enough confidence.
bool is_suspicious(const SignalDescriptor& descriptor, const Signal& signal);

class StreamSignals {
public:
    explicit StreamSignals(StreamProfile profile = {});
    ~StreamSignals();
    StreamSignals(StreamSignals&&) noexcept;
    StreamSignals& operator=(StreamSignals&&) noexcept;

    void feed(const Frame& frame);
    std::vector<Signal> results() const;  // one per check, in descriptors() order
    std::int64_t frames() const { return frames_; }

    static std::span<const SignalDescriptor* const> descriptors();
    static const SignalDescriptor* find(std::string_view id);

private:
    StreamProfile profile_;
    std::vector<std::unique_ptr<StreamCheck>> checks_;
    cv::Mat previous_gray_, previous_blocks_;
    double first_time_ = 0;
    std::int64_t frames_ = 0;
};

}  // namespace media
