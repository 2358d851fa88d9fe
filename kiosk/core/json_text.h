// JSON text that never fails on bytes that are not UTF-8 (file names, sysfs entries, arguments):
// nlohmann::json refuses to dump such strings, and one hostile name must not lose a whole document.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace kiosk {

// `value` with every string and key that is not valid UTF-8 written as escaped() shows it (\xHH per
// invalid byte); the same value when all of it is valid.
nlohmann::json with_invalid_utf8_escaped(const nlohmann::json& value);

// `document` as JSON text (one line, or indented by `indent`), escaped as above where needed.
std::string json_text(const nlohmann::json& document, int indent = -1);

}  // namespace kiosk
