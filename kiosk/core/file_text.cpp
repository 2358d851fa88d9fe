#include "core/file_text.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace kiosk {

Result<std::string> read_file_text(const std::filesystem::path& path) {
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int cause = errno;
        const auto why = cause ? std::string(" (") + std::strerror(cause) + ")" : std::string();
        return fail(cause == ENOENT ? ErrorKind::not_found : ErrorKind::io, "cannot read " + path.string() + why);
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return fail(ErrorKind::io, "cannot read " + path.string());
    return text.str();
}

}  // namespace kiosk
