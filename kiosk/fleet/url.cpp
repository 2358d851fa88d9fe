#include "fleet/url.h"

#include <cstdlib>

namespace kiosk::fleet {

std::optional<std::string> configured_url(const Config& config, const std::optional<std::string>& given) {
    if (given && !given->empty()) return given;
    if (const char* environment = std::getenv("KIOSK_FLEET_URL"); environment && *environment)
        return std::string(environment);
    auto configured = config.string("fleet.url");
    if (!configured.empty()) return configured;
    return std::nullopt;
}

Result<std::string> fleet_url(const Config& config, const std::optional<std::string>& given) {
    if (auto url = configured_url(config, given)) return *url;
    return fail(ErrorKind::bad_input, "no fleet store configured: give --url URL, set KIOSK_FLEET_URL, or [fleet] url");
}

}  // namespace kiosk::fleet
