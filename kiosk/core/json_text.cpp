#include "core/json_text.h"

#include "core/printable.h"

namespace kiosk {
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

nlohmann::json escape_invalid(const nlohmann::json& value) {
    if (value.is_string()) return utf8_or_escaped(value.get_ref<const std::string&>());
    if (value.is_object()) {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& [key, item] : value.items()) out[utf8_or_escaped(key)] = escape_invalid(item);
        return out;
    }
    if (value.is_array()) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& item : value) out.push_back(escape_invalid(item));
        return out;
    }
    return value;
}

}  // namespace

nlohmann::json with_invalid_utf8_escaped(const nlohmann::json& value) {
    return all_utf8(value) ? value : escape_invalid(value);
}

std::string json_text(const nlohmann::json& document, int indent) {
    // The common case, valid UTF-8 throughout, is dumped as it is, without a copy.
    if (all_utf8(document)) return document.dump(indent);
    return escape_invalid(document).dump(indent);
}

}  // namespace kiosk
