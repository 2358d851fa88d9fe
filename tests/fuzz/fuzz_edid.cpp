// libFuzzer: EDID input (raw bytes or pasted hex) → decoder → JSON → facts → display rules.
// Seeds: ../shared/data/edid/*/*.bin and tests/fixtures/edid/*.txt copied into a scratch corpus (kiosk/host/README.md "EDID").
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "host/edid.h"
#include "host/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto rules = kiosk::host::RuleSet::load();
    if (!rules) __builtin_trap();
    auto bytes = kiosk::host::read_edid_input(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!bytes) return 0;
    auto edid = kiosk::host::decode_edid(*bytes);
    if (!edid) return 0;
    (void)kiosk::host::to_json(*edid).dump();
    const std::array subjects{kiosk::host::display_subject(*edid, "fuzz")};
    (void)rules->judge(subjects);
    return 0;
}
