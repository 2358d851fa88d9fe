// kiosk.toml: the embedded defaults (config/kiosk.toml) overlaid with an operator's file.
//
// The documented default file is the schema: a key the defaults do not have is unknown, and a value
// whose type differs from the default's is wrong. What each key's value may be (ranges, allowed
// strings, keys that must not be inverted) is core/config_spec.cpp's table. All three are checked
// when loading and reported with file:line, so the typed getters only ever return valid values.
// Modules report what only they can check (a file that must exist) with bad_value(), which names
// the file and line the value came from.
#pragma once
#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/severity.h"

namespace kiosk {

class Config {
public:
    // Defaults only.
    static Config defaults();
    // Defaults overlaid with `file`; unknown keys, type mismatches and values outside their spec
    // (core/config_spec.h) are errors with file:line.
    static Result<Config> load(const std::filesystem::path& file);
    // Same, from text (for tests and fuzzing); `name` stands in for the file name in errors.
    static Result<Config> parse(std::string_view text, std::string name);

    std::string string(std::string_view key) const;
    std::int64_t integer(std::string_view key) const;
    double number(std::string_view key) const;  // accepts integers too
    bool boolean(std::string_view key) const;
    Severity severity(std::string_view key) const;  // a key whose spec allows only severities
    std::vector<std::string> strings(std::string_view key) const;
    // The effective node (operator's value if set, else the default); nullptr for an unknown key.
    const toml::node* node(std::string_view key) const;

    // Whether the operator's file sets `key`.
    bool given(std::string_view key) const;
    // "file:line" of the effective value, or "kiosk.toml (default)".
    std::string where(std::string_view key) const;
    // One-line error naming the key, where its value came from, and why it is wrong.
    Error bad_value(std::string_view key, std::string_view why) const;

    // The operator's file as given ("" when running on defaults) and its bytes, for the ledger's config hash.
    const std::string& source_name() const { return source_name_; }
    const std::string& source_text() const { return source_text_; }

private:
    const toml::node& known(std::string_view key) const;

    toml::table defaults_;
    toml::table overrides_;
    std::string source_name_;
    std::string source_text_;
};

// Loads --config FILE when given, else the defaults.
Result<Config> load_config(const std::optional<std::string>& file);

}  // namespace kiosk
