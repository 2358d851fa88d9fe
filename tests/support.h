// Helpers the test suites share: running the kiosk, temp dirs, data paths.
#pragma once
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kiosk::test {

struct Run {
    int code = 0;
    std::string out;
    std::string err;
};

// Runs the built `kiosk ARGS...` as a process (stdin /dev/null, the test's environment).
Run kiosk(std::vector<std::string> args);

// A fresh directory under the system temp dir, removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, std::string_view bytes);
std::string read_file(const std::filesystem::path& path);

// ../shared/data when present; tests that need it say they skipped when this is nullopt.
std::optional<std::filesystem::path> shared_data();
std::filesystem::path fixtures();

bool have_program(const std::string& name);
// A short 30 fps H.264 clip of ffmpeg's test pattern (no face); nullopt when ffmpeg is missing.
std::optional<std::filesystem::path> make_clip(const std::filesystem::path& dir, int width, int height, int seconds);

}  // namespace kiosk::test
