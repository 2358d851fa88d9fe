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
};

}  // namespace media
