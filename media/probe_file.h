// Probe files: a V4L2 device's recorded answers as JSON (media/README.md "Camera fixtures"), written by
// `kiosk camera --record-probe` and replayed by `kiosk camera --root`. The reader treats the file
// as hostile: every field is type- and range-checked and errors name the field.
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/result.h"
#include "media/v4l2_probe.h"

namespace media {

inline constexpr int probe_file_version = 1;

nlohmann::json probe_to_json(const V4l2Probe& probe);

// `name` stands for the file in error messages.
kiosk::Result<V4l2Probe> parse_probe(std::string_view text, const std::string& name);
kiosk::Result<V4l2Probe> read_probe_file(const std::filesystem::path& path);

// Writes through a temporary file and a rename, so a failed write leaves nothing half-written.
kiosk::Result<void> write_probe_file(const std::filesystem::path& path, const V4l2Probe& probe);

}  // namespace media
