// `kiosk scan` speed: inspect() on a tree of 40 USB devices and 3 displays built in a temp dir
// (target < 20 ms wall per scan), rule loading, peak RSS, and one scan of this machine for reference.
//   bench_scan [RUNS]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <vector>

#include "host/inspector.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

void write(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

struct Function {
    std::string klass, subclass, protocol;
    std::string report_descriptor;  // HID only
    bool disk = false;
};

// One device in the flat layout (devices and interfaces side by side, as sys/bus/usb/devices lists them).
void device(const fs::path& devices, const std::string& name, const std::string& vid, const std::string& pid,
            const std::string& product, const std::string& speed, const std::vector<Function>& functions) {
    const auto dir = devices / name;
    for (auto [key, value] : {std::pair{"idVendor", vid}, {"idProduct", pid}, {"bcdDevice", std::string("0100")},
                              {"manufacturer", std::string("Bench")}, {"product", product}, {"speed", speed},
                              {"bDeviceClass", std::string("00")}, {"bMaxPower", std::string("100mA")},
                              {"bmAttributes", std::string("a0")}, {"version", std::string(" 2.00")}})
        write(dir / key, value + "\n");
    std::string raw = {18, 1, 0, 2, 0, 0, 0, 64, 0, 0, 0, 0, 0, 1, 1, 2, 3, 1};
    for (std::size_t i = 0; i < functions.size(); ++i) {
        const auto& f = functions[i];
        const auto iface = devices / (name + ":1." + std::to_string(i));
        write(iface / "bInterfaceNumber", "0" + std::to_string(i) + "\n");
        write(iface / "bInterfaceClass", f.klass + "\n");
        write(iface / "bInterfaceSubClass", f.subclass + "\n");
        write(iface / "bInterfaceProtocol", f.protocol + "\n");
        raw += std::string{9, 4, static_cast<char>(i), 0, 1, 3, 0, 0, 0};
        if (!f.report_descriptor.empty()) {
            write(iface / "0003:1234:5678.0001/report_descriptor", f.report_descriptor);
            raw += std::string{9, 0x21, 0x11, 0x01, 0, 1, 0x22, 0x40, 0};
        }
        if (f.disk) {
            const auto lun = iface / "host0/target0:0:0/0:0:0:0";
            write(lun / "vendor", "SanDisk \n");
            write(lun / "model", "Ultra Fit       \n");
            write(lun / "rev", "1.00\n");
            write(lun / "type", "0\n");
        }
    }
    write(dir / "descriptors", raw);
}

void build_tree(const fs::path& root, const fs::path& fixtures) {
    const auto devices = root / "sys/bus/usb/devices";
    for (auto bus : {"usb1", "usb2"}) {
        write(devices / bus / "idVendor", "1d6b\n");
        write(devices / bus / "idProduct", "0002\n");
        write(devices / bus / "bDeviceClass", "09\n");
    }
    const auto pikvm = fixtures / "pikvm_v4/sys/bus/usb/devices";
    const auto keyboard = read(pikvm / "1-1:1.0" / "0003:1D6B:0104.0001/report_descriptor");
    const auto abs_mouse = read(pikvm / "1-1:1.1" / "0003:1D6B:0104.0002/report_descriptor");
    const auto rel_mouse = read(pikvm / "1-1:1.2" / "0003:1D6B:0104.0003/report_descriptor");
    const std::vector<std::vector<Function>> kinds{
        {{"03", "01", "01", keyboard, false}, {"03", "01", "02", rel_mouse, false}},         // keyboard + mouse
        {{"03", "01", "01", keyboard, false}, {"03", "00", "00", abs_mouse, false}, {"03", "01", "02", rel_mouse, false},
         {"08", "06", "50", "", true}},                                                    // KVM-shaped composite
        {{"08", "06", "50", "", true}},                                                    // flash drive
        {{"0e", "01", "00", "", false}, {"0e", "02", "00", "", false}, {"01", "01", "00", "", false},
         {"01", "02", "00", "", false}},                                                   // webcam with microphone
        {{"09", "00", "00", "", false}},                                                   // hub
    };
    for (int i = 0; i < 40; ++i) {
        const auto name = i < 20 ? "1-" + std::to_string(i + 1) : "2-1." + std::to_string(i - 19);
        const auto& functions = kinds[static_cast<std::size_t>(i) % kinds.size()];
        device(devices, name, "abcd", std::to_string(1000 + i), "Bench device " + std::to_string(i),
               i % 3 ? "480" : "12", functions);
    }
    const std::vector<std::pair<std::string, fs::path>> displays{
        {"card0-eDP-1", fixtures / "laptop/sys/class/drm/card0-eDP-1/edid"},
        {"card0-DP-1", fixtures / "desktop/sys/class/drm/card0-DP-1/edid"},
        {"card0-HDMI-A-1", fixtures / "pikvm_v4/sys/class/drm/card0-HDMI-A-1/edid"}};
    for (const auto& [connector, edid] : displays) {
        const auto dir = root / "sys/class/drm" / connector;
        write(dir / "status", "connected\n");
        write(dir / "enabled", "enabled\n");
        write(dir / "edid", read(edid));
    }
}

long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 200;
    const fs::path fixtures = fs::path(KIOSK_SOURCE_DIR) / "tests/fixtures/host";
    std::random_device seed;
    const auto root = fs::temp_directory_path() / ("kiosk-bench-scan-" + std::to_string(seed()));
    build_tree(root, fixtures);

    auto start = Clock::now();
    auto rules = kiosk::host::RuleSet::load();
    const double load_ms = ms_since(start);
    if (!rules) {
        std::cerr << rules.error().message << "\n";
        return 3;
    }

    std::vector<double> times, cpu_times;  // CPU time too: wall time says little on a loaded machine
    std::size_t usb = 0, displays = 0, findings = 0;
    for (int i = 0; i < runs; ++i) {
        start = Clock::now();
        const auto cpu_start = std::clock();
        auto report = kiosk::host::inspect({root, {}}, *rules);
        times.push_back(ms_since(start));
        cpu_times.push_back(1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC);
        if (!report) {
            std::cerr << report.error().message << "\n";
            return 3;
        }
        usb = report->inventory.at("usb").size() - 2;
        displays = report->inventory.at("displays").size();
        findings = report->findings.size();
    }
    std::ranges::sort(times);
    std::ranges::sort(cpu_times);
    std::cout << "tree: " << usb << " USB devices, " << displays << " displays (" << root << ")\n"
              << "rules: " << rules->rules().size() << " rules loaded in " << load_ms << " ms\n"
              << "inspect(): median " << times[times.size() / 2] << " ms, min " << times.front() << " ms, p90 "
              << times[times.size() * 9 / 10] << " ms over " << runs << " runs (target < 20 ms); " << findings
              << " findings\n"
              << "inspect() CPU time: median " << cpu_times[cpu_times.size() / 2] << " ms\n";

    start = Clock::now();
    auto here = kiosk::host::inspect({"/", {}}, *rules);
    if (here)
        std::cout << "this machine (/): " << ms_since(start) << " ms, " << here->subjects.size() << " subjects\n";
    std::cout << "peak RSS: " << static_cast<double>(peak_rss_kib()) / 1024.0 << " MiB\n";
    fs::remove_all(root);
    return 0;
}
