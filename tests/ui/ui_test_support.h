// What the UI suites share: running the kiosk binary through a shell (stdin, Xvfb); clips come from support.h.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "support.h"

namespace kiosk::test {

struct Shell {
    int code = -1;
    std::string out, err;
};

// Runs `command` with /bin/sh; stdout and stderr are captured.
Shell shell(const std::string& command, const std::filesystem::path& scratch);


}  // namespace kiosk::test
