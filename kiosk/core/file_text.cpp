#include "core/file_text.h"

#include <fstream>
#include <sstream>

namespace kiosk {

Result<std::string> read_file_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail("cannot read " + path.string());
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return fail("cannot read " + path.string());
    return text.str();
}

}  // namespace kiosk
