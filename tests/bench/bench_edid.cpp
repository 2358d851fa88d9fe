// EDID throughput: decode + facts + display rules on 1,000 blobs (target < 1 s), then `kiosk edid`
// end to end on 1,000 files — in-process, and as a process when the kiosk binary is given.
// Blobs: ../shared/data/edid/*/*.bin when present, else EDIDs built here; cycled to 1,000.
//   bench_edid [SHARED_DATA_DIR] [KIOSK_BINARY]
#include <sys/resource.h>

#include <chrono>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

#include "cli/commands.h"
#include "edid_builder.h"
#include "host/edid.h"
#include "host/rules.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t blob_count = 1000;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// CPU time as well as wall time: the figures stay meaningful on a loaded machine.
double cpu_ms_since(std::clock_t start) { return 1000.0 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC; }

double children_cpu_ms() {
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0 +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

std::vector<std::vector<std::uint8_t>> shared_blobs(const std::filesystem::path& edid_dir) {
    std::vector<std::vector<std::uint8_t>> blobs;
    if (!std::filesystem::is_directory(edid_dir)) return blobs;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(edid_dir)) {
        if (entry.path().extension() != ".bin") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        blobs.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return blobs;
}

std::vector<std::vector<std::uint8_t>> built_blobs() {
    using namespace kiosk::test;
    std::vector<std::vector<std::uint8_t>> blobs;
    for (std::uint16_t i = 0; i < 64; ++i) {
        EdidBuilder b;
        b.product(i).serial(0x1000u + i).timing(0, i % 2 ? mode_1080p60 : mode_720p60).range(1, 56, 76, 30, 83, 170);
        b.name(2, "MONITOR " + std::to_string(i)).serial_string(3, "SN" + std::to_string(i * 7919));
        if (i % 3 != 0) b.cta({video_block({0x90, 4, 3, 2, 31, 19}), audio_block_lpcm_2ch(), hdmi_block(300)}, {mode_720p60});
        blobs.push_back(b.bytes());
    }
    return blobs;
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path data = argc > 1 ? argv[1] : "../shared/data";
    auto blobs = shared_blobs(data / "edid");
    const std::string source = blobs.empty() ? "built in code" : (data / "edid").string();
    if (blobs.empty()) blobs = built_blobs();

    auto rules = kiosk::host::RuleSet::load();
    if (!rules) {
        std::cerr << "bench_edid: " << rules.error().message << "\n";
        return 2;
    }
    std::size_t findings = 0;
    const auto start = Clock::now();
    const auto cpu_start = std::clock();
    for (std::size_t i = 0; i < blob_count; ++i) {
        auto edid = kiosk::host::decode_edid(blobs[i % blobs.size()]);
        if (!edid) continue;
        const std::array subjects{kiosk::host::display_subject(*edid, "bench")};
        findings += rules->judge(subjects).size();
    }
    const double judge_ms = ms_since(start), judge_cpu_ms = cpu_ms_since(cpu_start);
    std::cout << "decode+judge " << blob_count << " EDIDs (" << blobs.size() << " distinct, " << source
              << "): " << judge_ms << " ms wall, " << judge_cpu_ms << " ms CPU, " << findings << " findings\n";

    // 1,000 files on disk, then `kiosk edid --json` on all of them.
    const auto dir = std::filesystem::temp_directory_path() / ("kiosk-bench-edid-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::vector<std::string> args{"edid", "--json"};
    for (std::size_t i = 0; i < blob_count; ++i) {
        const auto path = dir / ("edid" + std::to_string(i) + ".bin");
        const auto& blob = blobs[i % blobs.size()];
        std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(blob.data()), static_cast<std::streamsize>(blob.size()));
        args.push_back(path.string());
    }
    std::ostringstream out, err;
    kiosk::cli::Io io{out, err};
    const auto cli_start = Clock::now();
    const auto cli_cpu_start = std::clock();
    const int code = kiosk::cli::dispatch(args, io);
    const double cli_ms = ms_since(cli_start), cli_cpu_ms = cpu_ms_since(cli_cpu_start);
    std::cout << "kiosk edid --json on " << blob_count << " files (in-process): " << cli_ms << " ms wall, " << cli_cpu_ms
              << " ms CPU, exit " << code << ", " << out.str().size() / 1024 << " KiB of JSON\n";

    if (argc > 2) {
        std::string command = std::string(argv[2]);
        for (const auto& arg : args) command += " '" + arg + "'";
        command += " > /dev/null";
        const auto process_start = Clock::now();
        const double children_before = children_cpu_ms();
        const int status = std::system(command.c_str());
        std::cout << "kiosk edid --json on " << blob_count << " files (process " << argv[2] << "): " << ms_since(process_start)
                  << " ms wall, " << children_cpu_ms() - children_before << " ms CPU, exit " << WEXITSTATUS(status) << "\n";
    }
    std::filesystem::remove_all(dir);
    return 0;
}
