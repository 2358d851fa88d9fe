// What the UI suites share: running the kiosk binary through a shell (stdin, Xvfb), clips made with ffmpeg.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace kiosk::test {

struct Shell {
    int code = -1;
    std::string out, err;
};

// Runs `command` with /bin/sh; stdout and stderr are captured.
Shell shell(const std::string& command, const std::filesystem::path& scratch);

bool have_program(const std::string& name);

// A short 30 fps H.264 clip of ffmpeg's test pattern; nullopt when ffmpeg is missing.
std::optional<std::filesystem::path> make_clip(const std::filesystem::path& dir, int width, int height, int seconds);

}  // namespace kiosk::test
