// A decoded video frame with the clocks the injection and liveness checks need.
#pragma once
#include <chrono>
#include <cstdint>
#include <opencv2/core.hpp>

namespace media {

struct Frame {
    cv::Mat bgr;                 // 8-bit BGR, owned
    std::int64_t index = 0;      // 0-based, in arrival order
    double pts_seconds = 0;      // presentation time from the stream (NaN when the source has none)
    std::chrono::steady_clock::time_point arrival;  // when the frame left the decoder
    // Decoded from an inter-frame codec's predicted picture (H.264/HEVC/VP9/AV1 P or B): its blocks
    // may be the codec's exact copies of a reference frame rather than fresh samples of the scene.
    bool predicted = false;
    // The source's own codec is lossy (H.264, MJPEG, ...): compression traces may be its own coding
    // rather than evidence of an earlier encode on the way in.
    bool lossy_coded = false;
};

}  // namespace media
