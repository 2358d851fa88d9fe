// How every part of the kiosk opens a video source under the configuration: one place, so the
// CLI, a session and the UI all honour camera.timeout_seconds.
#pragma once
#include "core/config.h"
#include "media/frame_source.h"

namespace kiosk::session {

media::SourceOptions source_options(const Config& config);

}  // namespace kiosk::session
