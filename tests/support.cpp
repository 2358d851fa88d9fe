#include "support.h"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "cli/commands.h"

namespace kiosk::test {

Run kiosk(std::vector<std::string> args) {
    std::ostringstream out, err;
    cli::Io io{out, err};
    Run run;
    run.code = cli::dispatch(args, io);
    run.out = out.str();
    run.err = err.str();
    return run;
}

TempDir::TempDir() {
    std::random_device seed;
    path_ = std::filesystem::temp_directory_path() / ("kiosk-test-" + std::to_string(seed()) + std::to_string(seed()));
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

void write_file(const std::filesystem::path& path, std::string_view bytes) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::optional<std::filesystem::path> shared_data() {
    std::filesystem::path path = KIOSK_SHARED_DATA;
    if (std::filesystem::is_directory(path)) return path;
    return std::nullopt;
}

std::filesystem::path fixtures() { return KIOSK_FIXTURES; }

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
