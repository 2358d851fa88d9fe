// A finding: what fired, how bad, about which device or stream, and the raw values behind it.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/severity.h"
#include "core/verdict.h"

namespace kiosk {

struct Finding {
    std::string rule;      // stable id, e.g. "kvm.pikvm.edid"
    std::string category;  // one of known_categories
    Severity severity = Severity::info;
    std::string title;     // plain language
    std::string subject;   // which device or stream
    nlohmann::json evidence = nlohmann::json::object();  // the values that fired
};

nlohmann::json to_json(const Finding& finding);

// Highest severity among findings, or nullopt when there are none.
std::optional<Severity> worst_severity(const std::vector<Finding>& findings);

// Host verdict for `kiosk scan`: clean (nothing above low), suspicious (medium), compromised (high or above).
HostVerdict host_verdict(const std::vector<Finding>& findings);

}  // namespace kiosk
