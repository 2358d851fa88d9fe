// What each key of config/kiosk.toml may hold beyond its type, declared once for every key.
//
// Config::parse checks the defaults overlaid with an operator's file against this table, so no
// command ever reads a value outside it and every command refuses the same file the same way,
// before it writes anything. Unknown keys and wrong types stay with core/config.cpp, where the
// default file is the schema.
#pragma once
#include <optional>
#include <span>
#include <string_view>

#include "core/result.h"

namespace kiosk {

class Config;

struct ConfigSpec {
    enum class Kind {
        any,     // every value of the default's type
        range,   // a number or integer from min to max, both included (never NaN)
        one_of,  // one of the allowed strings, which are listed in ascending order
    };
    std::string_view key;
    Kind kind = Kind::any;
    double min = 0;
    double max = 0;
    std::span<const std::string_view> allowed = {};
};

// One spec per key of config/kiosk.toml, in the file's order.
std::span<const ConfigSpec> config_specs();

// The first value outside its spec, or pair of keys in the wrong order (score_review above
// score_fail, review_at above fail_at), as one line naming file:line, the key and what it allows.
std::optional<Error> check_config_specs(const Config& config);

}  // namespace kiosk
