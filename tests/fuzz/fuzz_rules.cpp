// libFuzzer: signature-rule files (TOML) through RuleSet::parse, then judging a few subjects with
// whatever loaded. Seeds: config/rules/*.toml (README "Fuzzing").
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "host/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using kiosk::host::Subject;
    static const std::vector<Subject> subjects{
        {"usb_device", "usb 1-1", {{"usb.vid_pid", std::string("1d6b:0104")}, {"usb.speed_mbps", std::int64_t{480}},
                                   {"usb.has_hid_input", true}, {"usb.hid_kinds", std::vector<std::string>{"keyboard"}}}},
        {"machine", "this machine", {{"machine.virtualized", false}}},
        {"process", "pid 1", {{"process.comm", std::string("anydesk")}}},
    };
    auto rules = kiosk::host::RuleSet::parse(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml");
    if (!rules) {
        if (!rules.error().message.starts_with("fuzz.toml:")) __builtin_trap();  // every error names file:line
        return 0;
    }
    for (const auto& finding : rules->judge(subjects)) (void)kiosk::to_json(finding).dump();
    return 0;
}
