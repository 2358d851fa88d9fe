#include "media/clips.h"

#include <doctest/doctest.h>

#include <cstdlib>

namespace kiosk::test {

bool make_clip(const std::filesystem::path& output, const std::string& args) {
    std::string command = "ffmpeg -nostdin -v error -y " + args + " '" + output.string() + "'";
    int status = std::system(command.c_str());
    CHECK_MESSAGE(status == 0, "ffmpeg failed: " << command);
    return status == 0;
}

namespace {
// A looped still frame with texture in it: the scene every noise clip starts from.
std::string still_scene(const std::filesystem::path& dir, double seconds) {
    auto png = dir / "still.png";
    // Rotated so that no edge of the pattern lines up with an 8-pixel block grid.
    if (!std::filesystem::exists(png))
        make_clip(png, "-f lavfi -i testsrc2=s=320x240:r=30,rotate=0.3:fillcolor=gray -frames:v 1");
    return "-loop 1 -framerate 30 -t " + std::to_string(seconds) + " -i '" + png.string() + "'";
}
}  // namespace

std::filesystem::path still_loop_clip(const std::filesystem::path& dir, double seconds) {
    auto path = dir / "still_loop.mkv";
    make_clip(path, still_scene(dir, seconds) + " -pix_fmt yuv420p -c:v ffv1");
    return path;
}

std::filesystem::path noisy_clip(const std::filesystem::path& dir, double seconds) {
    auto path = dir / "noisy.mkv";
    make_clip(path, still_scene(dir, seconds) + " -vf noise=alls=12:allf=t,format=yuv420p -c:v ffv1");
    return path;
}

std::filesystem::path doubled_clip(const std::filesystem::path& dir, double seconds) {
    auto path = dir / "doubled.mkv";
    make_clip(path, still_scene(dir, seconds) + " -vf noise=alls=12:allf=t,fps=15,fps=30,format=yuv420p -c:v ffv1");
    return path;
}

std::filesystem::path h264_copy(const std::filesystem::path& clip, int crf) {
    auto path = clip.parent_path() / (clip.stem().string() + "_crf" + std::to_string(crf) + ".mp4");
    make_clip(path, "-i '" + clip.string() + "' -c:v libx264 -preset veryfast -crf " + std::to_string(crf) +
                        " -pix_fmt yuv420p");
    return path;
}

std::filesystem::path moving_clip(const std::filesystem::path& dir, double seconds) {
    auto path = dir / "moving.mkv";
    make_clip(path, "-f lavfi -i testsrc2=s=320x240:r=30:d=" + std::to_string(seconds) + " -pix_fmt yuv420p -c:v ffv1");
    return path;
}

}  // namespace kiosk::test
