// Finding severities and categories, ordered and spelled as in DESIGN.md.
#pragma once
#include <array>
#include <optional>
#include <string_view>

namespace kiosk {

enum class Severity { info, low, medium, high, critical };
// Spelled in Severity's order.
inline constexpr std::array<std::string_view, 5> severity_names{"info", "low", "medium", "high", "critical"};

std::string_view to_string(Severity severity);
std::optional<Severity> parse_severity(std::string_view text);

// The closed list of finding categories; rules and checks may use no others.
bool is_known_category(std::string_view category);
inline constexpr std::string_view known_categories =
    "kvm, capture, remote_access, virtual_camera, virtual_display, bmc, anomaly, deepfake, injection";

}  // namespace kiosk
