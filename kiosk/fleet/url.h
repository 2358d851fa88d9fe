// Where the fleet store is: --url, else $KIOSK_FLEET_URL, else [fleet] url. Empty everywhere means
// no fleet: nothing is sent anywhere.
#pragma once
#include <optional>
#include <string>

#include "core/config.h"
#include "core/result.h"

namespace kiosk::fleet {

// The URL, or nullopt when none is configured.
std::optional<std::string> configured_url(const Config& config, const std::optional<std::string>& given);

// The URL, or a bad_input error saying where to set one.
Result<std::string> fleet_url(const Config& config, const std::optional<std::string>& given);

}  // namespace kiosk::fleet
