#include "media/stream_signals.h"

#include <array>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "media/stream_checks.h"

namespace media {
namespace {

constexpr int max_analysed_width = 640;
constexpr int block_size = 16;          // motion is judged on block means, where sensor noise averages out
constexpr double moved_block_levels = 4;  // block-mean change that counts as scene motion
constexpr int changed_pixel_levels = 2;
constexpr double duplicate_changed_fraction = 0.002;

// The one explicit list of stream checks, in report order.
const std::array<const SignalDescriptor*, 8> registered = {
    &checks::zero_temporal_diff_descriptor, &checks::temporal_noise_descriptor, &checks::interval_jitter_descriptor,
    &checks::duplicate_frames_descriptor,   &checks::frozen_frames_descriptor,  &checks::looped_content_descriptor,
    &checks::virtual_camera_mode_descriptor, &checks::block_grid_descriptor};

std::vector<std::unique_ptr<StreamCheck>> make_checks(const StreamProfile& profile) {
    std::vector<std::unique_ptr<StreamCheck>> list;
    list.push_back(checks::zero_temporal_diff());
    list.push_back(checks::temporal_noise());
    list.push_back(checks::interval_jitter(profile));
    list.push_back(checks::duplicate_frames());
    list.push_back(checks::frozen_frames(profile));
    list.push_back(checks::looped_content());
    list.push_back(checks::virtual_camera_mode(profile));
    list.push_back(checks::block_grid());
    return list;
}

// Analysed pixels are every step-th pixel of the frame, step a power of two so that the codec's 4-
// and 8-pixel blocks stay whole blocks of analysed pixels.
int analysis_step(int width) {
    int step = 1;
    while (width / step > max_analysed_width) step *= 2;
    return step;
}

// Every step-th pixel of the luma: subsampling by picking keeps each value exact, which the
// zero-difference count depends on (averaging would smooth the noise away).
cv::Mat analysed_gray(const cv::Mat& bgr, int step) {
    cv::Mat picked = bgr;
    if (step > 1) {
        cv::Mat whole_steps = bgr(cv::Rect(0, 0, bgr.cols - bgr.cols % step, bgr.rows - bgr.rows % step));
        cv::resize(whole_steps, picked, cv::Size(whole_steps.cols / step, whole_steps.rows / step), 0, 0,
                   cv::INTER_NEAREST);
    }
    cv::Mat gray;
    cv::cvtColor(picked, gray, cv::COLOR_BGR2GRAY);
    return gray;
}

// 255 where a whole block of `side` analysed pixels is exactly unchanged: in a predicted picture,
// a block the codec copied from its reference (a skip block, or one whose residual quantised to
// nothing). Pixels beyond the last whole block count as not copied.
cv::Mat copied_blocks(const cv::Mat& difference, int side) {
    cv::Mat copied = cv::Mat::zeros(difference.size(), CV_8U);
    cv::Rect whole(0, 0, difference.cols - difference.cols % side, difference.rows - difference.rows % side);
    if (whole.empty()) return copied;
    cv::Mat changed = difference(whole) != 0;
    cv::Mat changed_share;
    cv::resize(changed, changed_share, cv::Size(whole.width / side, whole.height / side), 0, 0, cv::INTER_AREA);
    cv::Mat untouched = changed_share == 0;
    cv::Mat copied_whole = copied(whole);
    cv::resize(untouched, copied_whole, whole.size(), 0, 0, cv::INTER_NEAREST);
    return copied;
}

// Copies are found in 2x2 analysed pixels: small enough to see the inside of a skipped 4x4 block
// whose edges the deblocking filter touched, and still unlikely to be all unchanged by chance in a
// block the codec did code.
constexpr int copy_block_side = 2;

double seconds_since_epoch(std::chrono::steady_clock::time_point at) {
    return std::chrono::duration<double>(at.time_since_epoch()).count();
}

}  // namespace

bool is_suspicious(const SignalDescriptor& descriptor, const Signal& signal) {
    if (signal.confidence < 0.5) return false;
    if (descriptor.suspicious_above && signal.value > *descriptor.suspicious_above) return true;
    return descriptor.suspicious_below && signal.value < *descriptor.suspicious_below;
}

StreamSignals::StreamSignals(StreamProfile profile) : profile_(profile), checks_(make_checks(profile)) {}
StreamSignals::~StreamSignals() = default;
StreamSignals::StreamSignals(StreamSignals&&) noexcept = default;
StreamSignals& StreamSignals::operator=(StreamSignals&&) noexcept = default;

std::span<const SignalDescriptor* const> StreamSignals::descriptors() { return registered; }

const SignalDescriptor* StreamSignals::find(std::string_view id) {
    for (const SignalDescriptor* descriptor : registered)
        if (descriptor->id == id) return descriptor;
    return nullptr;
}

void StreamSignals::feed(const Frame& frame) {
    if (frame.bgr.empty() || frame.bgr.type() != CV_8UC3) return;
    FrameMeasure measure;
    measure.frame = &frame;
    double clock = std::isfinite(frame.pts_seconds) ? frame.pts_seconds : seconds_since_epoch(frame.arrival);
    if (frames_ == 0) first_time_ = clock;
    measure.time_seconds = clock - first_time_;
    int step = analysis_step(frame.bgr.cols);
    measure.gray = analysed_gray(frame.bgr, step);

    cv::Mat blocks;
    cv::resize(measure.gray, blocks, cv::Size(std::max(1, measure.gray.cols / block_size),
                                              std::max(1, measure.gray.rows / block_size)), 0, 0, cv::INTER_AREA);
    if (!previous_gray_.empty() && previous_gray_.size() == measure.gray.size()) {
        measure.has_previous = true;
        cv::subtract(measure.gray, previous_gray_, measure.difference, cv::noArray(), CV_16S);
        cv::Mat magnitude;
        cv::absdiff(measure.gray, previous_gray_, magnitude);
        double pixels = static_cast<double>(measure.gray.total());
        measure.changed_fraction = cv::countNonZero(magnitude > changed_pixel_levels) / pixels;
        measure.duplicate = measure.changed_fraction < duplicate_changed_fraction;

        cv::Mat block_change;
        cv::absdiff(blocks, previous_blocks_, block_change);
        cv::Mat still_blocks = block_change < moved_block_levels;
        cv::Mat still_pixels;
        cv::resize(still_blocks, still_pixels, measure.gray.size(), 0, 0, cv::INTER_NEAREST);
        cv::Mat unclipped;
        cv::inRange(measure.gray, 3, 252, unclipped);
        measure.static_mask = still_pixels & unclipped;
        // A codec copies still blocks whatever sensor noise was under them, so in a predicted picture
        // the noise floor shows only where it coded something new. A picture copied whole is a
        // repeat, not a partial copy, and is judged as it is.
        measure.noise_mask = measure.static_mask;
        if (frame.predicted && !measure.duplicate)
            measure.noise_mask.setTo(0, copied_blocks(measure.difference, copy_block_side));
    }
    for (auto& check : checks_) check->feed(measure);
    previous_gray_ = measure.gray;
    previous_blocks_ = blocks;
    ++frames_;
}

std::vector<Signal> StreamSignals::results() const {
    std::vector<Signal> signals;
    signals.reserve(checks_.size());
    for (const auto& check : checks_) signals.push_back(check->result());
    return signals;
}

}  // namespace media
