#include "ui_test_support.h"

#include <sys/wait.h>

#include <cstdlib>

#include "support.h"

namespace kiosk::test {

Shell shell(const std::string& command, const std::filesystem::path& scratch) {
    const auto out = scratch / "shell.out", err = scratch / "shell.err";
    const std::string line = "(" + command + ") >'" + out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(line.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
}

}  // namespace kiosk::test
