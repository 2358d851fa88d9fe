#include "session/source_options.h"

namespace kiosk::session {

media::SourceOptions source_options(const Config& config) {
    media::SourceOptions options;
    options.timeout_seconds = static_cast<double>(config.integer("camera.timeout_seconds"));
    return options;
}

}  // namespace kiosk::session
