#include "support.h"

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

}  // namespace kiosk::test
