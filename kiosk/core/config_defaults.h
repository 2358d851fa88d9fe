// kiosk.toml as a package installs it in /etc/kiosk: the embedded defaults (config/kiosk.toml) with
// every key commented out at its default value and what core/config_spec.cpp allows beside it, so the
// installed file lists exactly the keys the kiosk reads and cannot drift from them.
#pragma once
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kiosk {

// A key the installed system sets (a folder the package creates), written as an active line below
// its commented default. `toml_value` is TOML text, e.g. "\"/var/lib/kiosk\"".
struct ConfigSetting {
    std::string_view key;
    std::string_view toml_value;
};

// `header` (comment lines) replaces the embedded file's opening comment. Fails when a key of the spec
// table is missing from the defaults or a setting names an unknown key.
Result<std::string> installed_config(std::string_view header, std::span<const ConfigSetting> settings);

}  // namespace kiosk
