// Recordings of input behaviour as JSON lines: device changes and input timing, never key codes or text.
// `kiosk watch --record` writes them; `--replay` reads them back through the same detectors.
#pragma once
#include <istream>
#include <ostream>
#include <string>

#include "core/result.h"
#include "host/input_event.h"

namespace kiosk::host {

// The first line of every recording: {"format":"kiosk-input-recording","version":1}
std::string recording_header_line();
// One event as one line (no trailing newline).
std::string recording_line(const InputEvent& event);

// Header and every event, one line each.
void write_recording(std::ostream& out, const InputStream& stream);

// Reads a whole recording. Anything malformed (not JSON, unknown field or type, time going
// backwards, input from a device never added, an oversized line) is one Error "NAME:LINE: why".
// Unknown fields are rejected so that nothing (a key code, a text field) can ride along unnoticed.
Result<InputStream> read_recording(std::istream& in, const std::string& name);

}  // namespace kiosk::host
