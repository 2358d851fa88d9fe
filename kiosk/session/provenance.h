// What produced a session's results, for its session.start record: SHA-256 of the kiosk binary, of
// the effective config and of every model file, and the signature rules' version.
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "core/config.h"

namespace kiosk::session {

nlohmann::json provenance(const Config& config);

// "sha256:<hex>" of a file's bytes, or "unreadable: <why>".
std::string file_hash(const std::filesystem::path& path);

}  // namespace kiosk::session
