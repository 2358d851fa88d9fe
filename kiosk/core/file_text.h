// Reading a whole small file (keys, configs, machine ids) as one string, errors as values.
#pragma once
#include <filesystem>
#include <string>

#include "core/result.h"

namespace kiosk {

Result<std::string> read_file_text(const std::filesystem::path& path);

}  // namespace kiosk
