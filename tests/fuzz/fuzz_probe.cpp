// libFuzzer target for the probe-file reader (`kiosk camera --root` replays these files).
// Whatever parses must serialise and parse again to the same document.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "media/probe_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto probe = media::parse_probe(text, "fuzz.probe.json");
    if (!probe) return 0;
    auto written = media::probe_to_json(*probe);
    auto again = media::parse_probe(written.dump(), "fuzz.probe.json");
    if (!again || media::probe_to_json(*again) != written) std::abort();
    return 0;
}
