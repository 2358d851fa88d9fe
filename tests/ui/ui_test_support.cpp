#include "ui_test_support.h"

#include <sys/wait.h>

#include <cstdlib>

#include "support.h"

namespace kiosk::test {

Shell shell(const std::string& command, const std::filesystem::path& scratch) {
    const auto out = scratch / "shell.out", err = scratch / "shell.err";
    const std::string line = "(" + command + ") >'" + out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(line.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
}

bool have_program(const std::string& name) {
    return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

std::optional<std::filesystem::path> make_clip(const std::filesystem::path& dir, int width, int height, int seconds) {
    if (!have_program("ffmpeg")) return std::nullopt;
    const auto clip = dir / "clip.mp4";
    const std::string command = "ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=" + std::to_string(width) + "x" +
                                std::to_string(height) + ":rate=30 -t " + std::to_string(seconds) +
                                " -pix_fmt yuv420p -c:v libx264 '" + clip.string() + "'";
    if (std::system(command.c_str()) != 0) return std::nullopt;
    return clip;
}

}  // namespace kiosk::test
