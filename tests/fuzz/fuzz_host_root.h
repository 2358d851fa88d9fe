// The host fuzz targets whose parser is reachable only through its reader (kiosk/host reads a file
// under ROOT and parses it in an unexported function): each input is written to one file of a
// scratch root in /dev/shm (or $TMPDIR), which the reader then reads as it reads /proc.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace kiosk::fuzz {

// A scratch root for this process, made once; libFuzzer runs one input at a time per process.
inline const std::filesystem::path& scratch_root() {
    static const std::filesystem::path root = [] {
        const std::filesystem::path base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
        std::string pattern = (base / "kiosk-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data())) std::abort();
        return std::filesystem::path(pattern);
    }();
    return root;
}

// Writes the input as ROOT/`relative` (its folders made), replacing what the previous input wrote.
inline void write_under_root(const std::filesystem::path& relative, const std::uint8_t* data, std::size_t size) {
    const auto path = scratch_root() / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) std::abort();
}

}  // namespace kiosk::fuzz
