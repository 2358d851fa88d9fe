// What the stream's format and coding say: a virtual camera's default mode, and the block grid a
// lossy encoder leaves behind when a recording is re-encoded on its way in.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <opencv2/imgproc.hpp>
#include <string>

#include "media/stream_checks.h"

namespace media::checks {

const SignalDescriptor virtual_camera_mode_descriptor{
    .id = "injection.virtual_camera_mode",
    .title = "Virtual-camera default mode",
    .unit = "1 when the size and rate match a virtual camera's default, else 0",
    .explanation = "Whether the stream runs at a mode virtual cameras use by default (Deep-Live-Cam/pyvirtualcam "
                   "1280x720@30, v4l2loopback 640x480@30, OBS macOS 1920x1080@60). Many real webcams use the same "
                   "modes, so this only corroborates other evidence.",
    .suspicious_above = 0.5,
    .suspicious_below = std::nullopt};

const SignalDescriptor block_grid_descriptor{
    .id = "injection.block_grid",
    .title = "Compression block grid",
    .unit = "ratio of edge strength on 8-pixel block boundaries to elsewhere",
    .explanation = "A lossy encoder works in 8x8 blocks and leaves brightness steps on their boundaries. About 1.0 "
                   "means no grid; well above 1 means the frames went through block-based compression (a "
                   "re-encoded recording, a phone app streaming H.264, or an MJPEG webcam at low quality).",
    .suspicious_above = 1.25,
    .suspicious_below = std::nullopt};

namespace {

struct KnownMode {
    int width, height;
    double fps;
    const char* who;
};
constexpr std::array known_modes = {
    KnownMode{1280, 720, 30, "Deep-Live-Cam / pyvirtualcam default"},
    KnownMode{640, 480, 30, "v4l2loopback default"},
    KnownMode{1920, 1080, 60, "OBS macOS camera extension default"},
};

class VirtualCameraMode final : public StreamCheck {
public:
    explicit VirtualCameraMode(const StreamProfile& profile) : fps_(profile.nominal_fps) {}
    const SignalDescriptor& descriptor() const override { return virtual_camera_mode_descriptor; }
    void feed(const FrameMeasure& measure) override {
        width_ = measure.frame->bgr.cols;
        height_ = measure.frame->bgr.rows;
        if (fps_ <= 0 && measure.time_seconds > 0) ++timed_frames_, last_time_ = measure.time_seconds;
    }
    Signal result() const override {
        Signal signal = unmeasured(virtual_camera_mode_descriptor);
        double fps = fps_ > 0 ? fps_ : (last_time_ > 0 ? timed_frames_ / last_time_ : 0);
        char text[160];
        std::snprintf(text, sizeof text, "%dx%d at %.3g fps", width_, height_, fps);
        signal.explanation = text;
        if (width_ == 0) return signal;
        signal.confidence = 0.3;  // corroboration only: never suspicious on its own
        for (const auto& mode : known_modes) {
            if (mode.width == width_ && mode.height == height_ && std::abs(mode.fps - fps) < 0.5) {
                signal.value = 1;
                signal.explanation += std::string(": the ") + mode.who + " (also common on real webcams)";
            }
        }
        return signal;
    }

private:
    double fps_;
    int width_ = 0, height_ = 0;
    double timed_frames_ = 0, last_time_ = 0;
};

class BlockGrid final : public StreamCheck {
public:
    const SignalDescriptor& descriptor() const override { return block_grid_descriptor; }
    void feed(const FrameMeasure& measure) override {
        if (frames_++ % sample_every != 0) return;
        lossy_source_ = lossy_source_ || measure.frame->lossy_coded;
        cv::Mat gray;
        cv::cvtColor(measure.frame->bgr, gray, cv::COLOR_BGR2GRAY);
        if (gray.cols < 32 || gray.rows < 32) return;
        auto [boundary_x, reference_x] = edge_strength(gray);
        cv::Mat transposed = gray.t();
        auto [boundary_y, reference_y] = edge_strength(transposed);
        double reference = reference_x + reference_y;
        if (reference < 0.5) return;  // a flat picture has no edges to compare
        sum_ += (boundary_x + boundary_y) / reference;
        ++sampled_;
    }
    Signal result() const override {
        Signal signal = unmeasured(block_grid_descriptor);
        if (sampled_ == 0) {
            signal.explanation = "no textured frames to measure";
            return signal;
        }
        signal.value = sum_ / sampled_;
        signal.confidence = ramp(sampled_, 6);
        const bool grid = signal.value > *block_grid_descriptor.suspicious_above;
        char text[200];
        std::snprintf(text, sizeof text, "edges %.2fx stronger on 8-pixel block boundaries%s", signal.value,
                      !grid           ? ": no compression grid"
                      : lossy_source_ ? ": the source's own lossy codec can leave this grid, so it only corroborates"
                                      : ": block-compressed on its way in");
        signal.explanation = text;
        // A lossy-coded source (a recording, a call, an MJPEG webcam) explains its own grid; only a
        // source delivered uncompressed proves an earlier encode.
        if (lossy_source_) signal.confidence = std::min(signal.confidence, corroboration_only);
        return signal;
    }

private:
    // Mean absolute step between horizontally adjacent pixels on block boundaries (between pixels 8k-1
    // and 8k) and on reference positions (between 8k+1|8k+2 and 8k+5|8k+6). The references share
    // the boundaries' parity, so 2x2 chroma subsampling adds the same steps to both, and lie on no
    // 4- or 8-pixel transform edge.
    static std::pair<double, double> edge_strength(const cv::Mat& gray) {
        cv::Mat steps;
        cv::absdiff(gray.colRange(1, gray.cols), gray.colRange(0, gray.cols - 1), steps);
        cv::Mat column_sums;
        cv::reduce(steps, column_sums, 0, cv::REDUCE_SUM, CV_64F);
        double boundary = 0, reference = 0;
        int boundary_count = 0, reference_count = 0;
        for (int column = 0; column < column_sums.cols; ++column) {
            int phase = column % 8;
            if (phase == 7) boundary += column_sums.at<double>(column), ++boundary_count;
            else if (phase == 1 || phase == 5) reference += column_sums.at<double>(column), ++reference_count;
        }
        double rows = gray.rows;
        return {boundary / (boundary_count * rows), reference / (reference_count * rows)};
    }
    static constexpr int sample_every = 5;
    static constexpr double corroboration_only = 0.3;
    bool lossy_source_ = false;
    int frames_ = 0;
    double sum_ = 0, sampled_ = 0;
};

}  // namespace

std::unique_ptr<StreamCheck> virtual_camera_mode(const StreamProfile& profile) {
    return std::make_unique<VirtualCameraMode>(profile);
}
std::unique_ptr<StreamCheck> block_grid() { return std::make_unique<BlockGrid>(); }

}  // namespace media::checks
