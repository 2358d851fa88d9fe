// libFuzzer: an operator's kiosk.toml (--config FILE) through Config::parse, which overlays it on the
// embedded defaults and checks every value against core/config_spec.cpp. Nothing may throw; a file
// that loads holds only values its specs allow, and every typed getter reads them.
// Seeds: config/kiosk.toml and the snippets of tests/core/config_spec_test.cpp (README "Fuzzing").
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/config.h"
#include "core/config_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto config = kiosk::Config::parse(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml");
    if (!config) return 0;
    if (kiosk::check_config_specs(*config)) __builtin_trap();  // loaded, so every spec holds
    for (const auto& spec : kiosk::config_specs()) {
        const auto* node = config->node(spec.key);
        if (!node) __builtin_trap();
        (void)config->where(spec.key);
        if (node->is_integer()) (void)config->integer(spec.key);
        if (node->is_floating_point()) (void)config->number(spec.key);
        if (spec.kind == kiosk::ConfigSpec::Kind::one_of && spec.allowed.data() == kiosk::severity_names.data())
            (void)config->severity(spec.key);
    }
    return 0;
}
