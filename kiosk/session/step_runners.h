// The steps that measure something, each turning the part of the kiosk that does the work (host
// inspection, media, vision) into one StepOutcome. A step that cannot run returns a skipped
// outcome with the reason; library exceptions stop at this boundary.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/config.h"
#include "session/session.h"
#include "session/step.h"
#include "session/verdict.h"

namespace kiosk::session {

StepOutcome skipped(std::string_view step, std::string reason);

// host_inspection: `kiosk scan` of the machine under `root` ("/" when unset). `fingerprint` gets
// the salted device fingerprint (host::session_fingerprint) when the inspection ran.
StepOutcome inspect_host(const Config& config, const std::optional<std::string>& root, std::string_view salt,
                         std::optional<nlohmann::json>& fingerprint);

// source_authenticity: what the source says it is, without analysing any frame (consent comes later).
StepOutcome check_source(const std::string& source);

// camera_authenticity: the camera judgement of the V4L2 device behind `source` (or of the machine's
// cameras under `root` for a handoff).
StepOutcome check_camera(const std::optional<std::string>& source, const std::optional<std::string>& root);

}  // namespace kiosk::session
