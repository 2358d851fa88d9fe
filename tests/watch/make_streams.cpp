// Writes the synthesised input streams to DIR (default: the checked-in tests/fixtures/watch):
//   watch_make_streams [DIR]
#include <filesystem>
#include <fstream>
#include <iostream>

#include "host/input_recording.h"
#include "stream_synth.h"

int main(int argc, char** argv) {
    std::filesystem::path dir = argc > 1 ? argv[1] : KIOSK_WATCH_FIXTURES;
    std::filesystem::create_directories(dir);
    for (const auto& [file, stream] : kiosk::test::synth::fixture_streams()) {
        std::ofstream out(dir / file, std::ios::binary);
        kiosk::host::write_recording(out, stream);
        if (!out) {
            std::cerr << "watch_make_streams: cannot write " << (dir / file).string() << "\n";
            return 1;
        }
        std::cout << (dir / file).string() << ": " << stream.size() << " events\n";
    }
    return 0;
}
