#include "core/config_defaults.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>
#include <sstream>

#include "core/config_spec.h"
#include "core/embedded.h"

namespace kiosk {
namespace {

std::string_view embedded_defaults() {
    const auto files = defaults::embedded_files();
    const auto file = std::ranges::find(files, std::string_view("kiosk.toml"), &EmbeddedFile::name);
    return file == files.end() ? std::string_view{} : file->bytes;
}

std::string number_text(double value) {
    std::array<char, 32> buffer{};
    const auto written = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
    return std::string(buffer.data(), written.ptr);
}

// What the spec allows, as a comment; empty when any value of the default's type is allowed.
std::string allowed_comment(const ConfigSpec& spec) {
    switch (spec.kind) {
        case ConfigSpec::Kind::any: return "";
        case ConfigSpec::Kind::range: return "  # " + number_text(spec.min) + " to " + number_text(spec.max);
        case ConfigSpec::Kind::one_of: {
            std::string text = "  # one of";
            for (const auto allowed : spec.allowed) text += " " + std::string(allowed);
            return text;
        }
    }
    return "";
}

// "name = value" at the start of a line of config/kiosk.toml: the key's name, else empty.
std::string_view key_of(std::string_view line) {
    const auto end = line.find(" = ");
    if (end == std::string_view::npos || end == 0) return {};
    const auto name = line.substr(0, end);
    const bool bare = std::ranges::all_of(name, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
    return bare ? name : std::string_view{};
}

}  // namespace

Result<std::string> installed_config(std::string_view header, std::span<const ConfigSetting> settings) {
    for (const auto& setting : settings)
        if (std::ranges::find(config_specs(), setting.key, &ConfigSpec::key) == config_specs().end())
            return fail(ErrorKind::internal, "installed_config: unknown key " + std::string(setting.key));

    std::istringstream defaults{std::string(embedded_defaults())};
    std::string out(header);
    std::string section;
    std::set<std::string, std::less<>> written;
    bool in_opening_comment = true;
    for (std::string line; std::getline(defaults, line);) {
        if (in_opening_comment && line.starts_with("#")) continue;
        in_opening_comment = false;
        if (line.starts_with("[") && line.ends_with("]")) section = line.substr(1, line.size() - 2);
        const auto name = key_of(line);
        if (name.empty()) {
            out += line + "\n";
            continue;
        }
        const std::string key = section + "." + std::string(name);
        const auto spec = std::ranges::find(config_specs(), key, &ConfigSpec::key);
        if (spec == config_specs().end())
            return fail(ErrorKind::internal, "installed_config: " + key + " is in kiosk.toml but not in the spec table");
        out += "# " + line + allowed_comment(*spec) + "\n";
        if (const auto set = std::ranges::find(settings, key, &ConfigSetting::key); set != settings.end())
            out += std::string(name) + " = " + std::string(set->toml_value) + "  # as installed\n";
        written.insert(key);
    }
    for (const auto& spec : config_specs())
        if (!written.contains(spec.key))
            return fail(ErrorKind::internal, "installed_config: " + std::string(spec.key) + " is not in kiosk.toml");
    return out;
}

}  // namespace kiosk
