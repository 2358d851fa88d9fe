// Video clips made with the ffmpeg CLI at test time (nothing binary is checked in).
#pragma once
#include <filesystem>
#include <string>

namespace kiosk::test {

// Runs `ffmpeg -v error -y ARGS OUTPUT`; fails the current test (and returns false) when ffmpeg fails.
bool make_clip(const std::filesystem::path& output, const std::string& args);

// Common clips at 320x240, 30 fps. `seconds` long.
std::filesystem::path still_loop_clip(const std::filesystem::path& dir, double seconds = 2);   // one frame repeated
std::filesystem::path noisy_clip(const std::filesystem::path& dir, double seconds = 2);        // still scene + sensor-like noise
std::filesystem::path doubled_clip(const std::filesystem::path& dir, double seconds = 2);      // noisy clip, every frame twice
std::filesystem::path moving_clip(const std::filesystem::path& dir, double seconds = 2);       // testsrc2 pattern

// `clip` re-encoded with libx264 at this CRF (18-28 is the typical range), written beside it.
std::filesystem::path h264_copy(const std::filesystem::path& clip, int crf);

}  // namespace kiosk::test
