#include "core/severity.h"

#include <array>

namespace kiosk {
namespace {
constexpr std::array<std::string_view, 9> category_names{
    "kvm", "capture", "remote_access", "virtual_camera", "virtual_display", "bmc", "anomaly", "deepfake", "injection"};
}  // namespace

std::string_view to_string(Severity severity) { return severity_names[static_cast<std::size_t>(severity)]; }

std::optional<Severity> parse_severity(std::string_view text) {
    for (std::size_t i = 0; i < severity_names.size(); ++i)
        if (severity_names[i] == text) return static_cast<Severity>(i);
    return std::nullopt;
}

bool is_known_category(std::string_view category) {
    for (auto name : category_names)
        if (name == category) return true;
    return false;
}

}  // namespace kiosk
