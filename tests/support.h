// Helpers the test suites share: running the kiosk, temp dirs, data paths.
#pragma once
#include <filesystem>
#include <functional>
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

// Runs `program ARGS...` as a process (stdin /dev/null, the test's environment).
Run run(const std::string& program, std::vector<std::string> args);
// Runs the built `kiosk ARGS...` so.
Run kiosk(std::vector<std::string> args);

// A program as a child process with its stdout on a pipe, for commands that run until a signal.
// Killed (SIGKILL) if still running when the object dies.
class Child {
public:
    Child(const std::string& program, std::vector<std::string> args);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    // Reads stdout until `done(output)` holds or `seconds` pass; whether it held.
    bool wait_for(const std::function<bool(const std::string& output)>& done, double seconds);
    // Reads stdout until it holds a full line or `seconds` pass; that line.
    std::string first_line(double seconds);
    // Sends `signal`, then waits up to `seconds` for the exit; the exit code, or -1 if it hung or crashed.
    int stop(int signal, double seconds);
    const std::string& output() const { return output_; }

private:
    bool read_some(int timeout_ms);
    int pid_ = -1;
    int out_ = -1;
    std::string output_;
};

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
