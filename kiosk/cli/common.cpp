#include "cli/common.h"

#include "core/exit_code.h"
#include "core/printable.h"

namespace kiosk::cli {

int bad_input(Io& io, std::string_view command, std::string_view message) {
    // Messages quote hostile text (record fields, file contents): escaped, they stay one line.
    io.err << "kiosk " << command << ": " << escaped(message) << "\n";
    return exit_bad_input;
}

Result<Config> config_from(const Args& args) { return load_config(args.option("--config")); }

Result<Severity> fail_on_from(const Args& args, const Config& config, std::string_view key) {
    if (auto given = args.option("--fail-on")) {
        if (auto severity = parse_severity(*given)) return *severity;
        return fail("--fail-on takes info, low, medium, high or critical, not '" + *given + "'");
    }
    return config.severity(key);
}

int exit_for(const std::vector<Finding>& findings, Severity threshold) {
    auto worst = worst_severity(findings);
    return worst && *worst >= threshold ? exit_findings : exit_ok;
}

namespace {

bool all_utf8(const nlohmann::json& value) {
    if (value.is_string()) return is_utf8(value.get_ref<const std::string&>());
    if (value.is_object()) {
        for (const auto& [key, item] : value.items())
            if (!is_utf8(key) || !all_utf8(item)) return false;
    }
    if (value.is_array()) {
        for (const auto& item : value)
            if (!all_utf8(item)) return false;
    }
    return true;
}

std::string utf8_or_escaped(const std::string& text) { return is_utf8(text) ? text : escaped(text); }

nlohmann::json with_invalid_utf8_escaped(const nlohmann::json& value) {
    if (value.is_string()) return utf8_or_escaped(value.get_ref<const std::string&>());
    if (value.is_object()) {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& [key, item] : value.items()) out[utf8_or_escaped(key)] = with_invalid_utf8_escaped(item);
        return out;
    }
    if (value.is_array()) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& item : value) out.push_back(with_invalid_utf8_escaped(item));
        return out;
    }
    return value;
}

}  // namespace

std::string json_text(const nlohmann::json& document, int indent) {
    // The common case, valid UTF-8 throughout, is dumped as it is, without a copy.
    if (all_utf8(document)) return document.dump(indent);
    return with_invalid_utf8_escaped(document).dump(indent);
}

void write_json(Io& io, const nlohmann::json& document) { io.out << json_text(document, 2) << "\n"; }

}  // namespace kiosk::cli
