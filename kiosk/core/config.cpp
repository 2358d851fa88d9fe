#include "core/config.h"

#include <stdexcept>

#include "core/config_spec.h"
#include "core/embedded.h"
#include "core/file_text.h"

namespace kiosk {
namespace {

std::string_view default_text() {
    for (const auto& file : defaults::embedded_files())
        if (file.name == "kiosk.toml") return file.bytes;
    return {};
}

std::string location(const toml::node& node, const std::string& file) {
    const auto& begin = node.source().begin;
    return file + ":" + std::to_string(begin.line);
}

bool same_kind(const toml::node& want, const toml::node& got) {
    if (want.type() == got.type()) return true;
    return want.is_floating_point() && got.is_integer();
}

std::string_view kind_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a number";
        case toml::node_type::boolean: return "true or false";
        case toml::node_type::array: return "an array";
        case toml::node_type::table: return "a table";
        default: return "a date or time";
    }
}

std::optional<Error> check_against(const toml::table& schema, const toml::table& given, const std::string& prefix,
                                   const std::string& file);

std::optional<Error> check_node(const toml::node& want, const toml::node& got, const std::string& key,
                                const std::string& file) {
    if (!same_kind(want, got))
        return Error{location(got, file) + ": " + key + " must be " + std::string(kind_name(want))};
    if (const auto* want_table = want.as_table()) return check_against(*want_table, *got.as_table(), key + ".", file);
    const auto* want_array = want.as_array();
    if (!want_array || want_array->empty()) return std::nullopt;  // empty default arrays are checked by their module
    std::size_t index = 0;
    for (const auto& element : *got.as_array()) {
        if (auto error = check_node(*want_array->get(0), element, key + "[" + std::to_string(index) + "]", file))
            return error;
        ++index;
    }
    return std::nullopt;
}

std::optional<Error> check_against(const toml::table& schema, const toml::table& given, const std::string& prefix,
                                   const std::string& file) {
    for (const auto& [name, value] : given) {
        const std::string key = prefix + std::string(name.str());
        const auto* want = schema.get(name.str());
        if (!want) return Error{location(value, file) + ": unknown key " + key};
        if (auto error = check_node(*want, value, key, file)) return error;
    }
    return std::nullopt;
}

}  // namespace

Config Config::defaults() {
    Config config;
    config.defaults_ = toml::parse(default_text(), std::string_view{"kiosk.toml"});
    return config;
}

Result<Config> Config::parse(std::string_view text, std::string name) {
    Config config = defaults();
    try {
        config.overrides_ = toml::parse(text, std::string_view{name});
    } catch (const toml::parse_error& error) {
        return fail(name + ":" + std::to_string(error.source().begin.line) + ": " + std::string(error.description()));
    }
    if (auto error = check_against(config.defaults_, config.overrides_, "", name)) return std::unexpected(*error);
    config.source_name_ = std::move(name);
    config.source_text_ = std::string(text);
    if (auto error = check_config_specs(config)) return std::unexpected(*error);
    return config;
}

Result<Config> Config::load(const std::filesystem::path& file) {
    auto text = read_file_text(file);
    if (!text) return fail(file.string() + ": cannot read the config file");
    return parse(*text, file.string());
}

const toml::node* Config::node(std::string_view key) const {
    const auto path = toml::path(key);
    if (auto given = overrides_.at_path(path); given) return given.node();
    return defaults_.at_path(path).node();
}

const toml::node& Config::known(std::string_view key) const {
    const auto* found = node(key);
    // Reading a key the default kiosk.toml does not document is a programmer error, not bad input.
    if (!found) throw std::logic_error("config key missing from config/kiosk.toml: " + std::string(key));
    return *found;
}

std::string Config::string(std::string_view key) const { return known(key).value_or(std::string{}); }
std::int64_t Config::integer(std::string_view key) const { return known(key).value_or(std::int64_t{0}); }
double Config::number(std::string_view key) const { return known(key).value_or(0.0); }
bool Config::boolean(std::string_view key) const { return known(key).value_or(false); }

Severity Config::severity(std::string_view key) const {
    auto parsed = parse_severity(string(key));
    // Loading checked the value against its spec; a key whose spec is not the severities is a programmer error.
    if (!parsed) throw std::logic_error("config key is not a severity: " + std::string(key));
    return *parsed;
}

std::vector<std::string> Config::strings(std::string_view key) const {
    std::vector<std::string> out;
    if (const auto* array = known(key).as_array())
        for (const auto& element : *array) out.push_back(element.value_or(std::string{}));
    return out;
}

bool Config::given(std::string_view key) const { return static_cast<bool>(overrides_.at_path(toml::path(key))); }

std::string Config::where(std::string_view key) const {
    if (auto found = overrides_.at_path(toml::path(key)); found) return location(*found.node(), source_name_);
    return "kiosk.toml (default)";
}

Error Config::bad_value(std::string_view key, std::string_view why) const {
    return Error{where(key) + ": " + std::string(key) + ": " + std::string(why)};
}

Result<Config> load_config(const std::optional<std::string>& file) {
    if (!file) return Config::defaults();
    return Config::load(*file);
}

}  // namespace kiosk
