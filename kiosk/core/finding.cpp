#include "core/finding.h"

#include <algorithm>

namespace kiosk {

nlohmann::json to_json(const Finding& finding) {
    return {{"rule", finding.rule},         {"category", finding.category},
            {"severity", to_string(finding.severity)}, {"title", finding.title},
            {"subject", finding.subject},   {"evidence", finding.evidence}};
}

std::optional<Severity> worst_severity(const std::vector<Finding>& findings) {
    if (findings.empty()) return std::nullopt;
    return std::ranges::max(findings, {}, &Finding::severity).severity;
}

HostVerdict host_verdict(const std::vector<Finding>& findings) {
    auto worst = worst_severity(findings);
    if (!worst || *worst <= Severity::low) return HostVerdict::clean;
    if (*worst >= Severity::high) return HostVerdict::compromised;
    return HostVerdict::suspicious;
}

}  // namespace kiosk
