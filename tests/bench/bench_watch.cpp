// Figures for watch mode: how long the input detectors take over the 30 minutes of history the live
// watch keeps (re-run every 2 s), recording read/write speed, and looking MACs up in the IEEE OUI registry.
//   build/tests/watch/bench_watch
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "host/input_detectors.h"
#include "host/input_recording.h"
#include "host/oui.h"
#include "stream_synth.h"

using namespace kiosk::host;

namespace {

template <typename F>
double best_ms(int runs, F&& work) {
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        work();
        best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

// The worst case for 30 minutes of history: a mouse moved without pause at 125 reports a second,
// plus typing, plus a PiKVM jiggler on another device.
InputStream busy_half_hour() {
    InputStream stream = kiosk::test::synth::pikvm_jiggler(true);
    InputDevice mouse;
    mouse.id = "event20";
    mouse.path = "/dev/input/event20";
    mouse.kind = DeviceKind::usb;
    mouse.relative = mouse.keys = mouse.initial = true;
    InputEvent added;
    added.type = InputEventType::device_added;
    added.device = mouse.id;
    added.added = mouse;
    stream.insert(stream.begin(), added);
    for (int i = 0; i < 1800 * 125; ++i) {
        InputEvent moved;
        moved.time = i / 125.0;
        moved.type = InputEventType::rel;
        moved.device = mouse.id;
        moved.dx = int(std::lround(6 * std::sin(i / 50.0)));
        moved.dy = int(std::lround(4 * std::cos(i / 70.0)));
        stream.push_back(moved);
        if (i % 40 == 0) {
            InputEvent key;
            key.time = moved.time;
            key.type = InputEventType::key;
            key.device = "event0";
            stream.push_back(key);
        }
    }
    std::stable_sort(stream.begin(), stream.end(), [](const InputEvent& a, const InputEvent& b) { return a.time < b.time; });
    return stream;
}

}  // namespace

int main() {
    auto stream = busy_half_hour();
    std::size_t findings = 0;
    double detect = best_ms(5, [&] { findings = detect_input_behaviour(stream).size(); });
    std::cout << "detectors over 30 min of busy input: " << stream.size() << " events, " << detect << " ms (best of 5), "
              << findings << " findings; the live watch re-runs them every 2 s\n";

    std::string text;
    double write = best_ms(3, [&] {
        std::ostringstream out;
        write_recording(out, stream);
        text = out.str();
    });
    double read = best_ms(3, [&] {
        std::istringstream in(text);
        if (!read_recording(in, "bench")) std::abort();
    });
    double megabytes = double(text.size()) / 1e6;
    std::cout << "recording: " << megabytes << " MB; write " << megabytes / (write / 1000) << " MB/s, read "
              << megabytes / (read / 1000) << " MB/s (" << double(stream.size()) / (read / 1000) << " events/s)\n";

    const auto registry = OuiRegistry::open();
    const std::vector<std::string> one{"dc:a6:32:01:02:03"};
    std::vector<std::string> table;  // a busy LAN's neighbour table
    for (int i = 0; i < 256; ++i) table.push_back(i % 2 ? "dc:a6:32:01:02:" + std::to_string(10 + i % 90) : "10:dc:b6:90:00:31");
    double single = best_ms(3, [&] { registry.lookup(one); });
    double batch = best_ms(3, [&] { registry.lookup(table); });
    std::cout << "IEEE OUI registry: " << registry.files().size() << " files; a lookup (one pass over them) takes "
              << single << " ms for 1 MAC, " << batch << " ms for " << table.size() << " MACs"
              << (registry.empty() ? " (ieee-data not installed)" : "") << "\n";
    return 0;
}
