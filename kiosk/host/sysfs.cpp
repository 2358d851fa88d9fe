#include "host/sysfs.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <system_error>

#include "core/printable.h"

namespace kiosk::host::sysfs {

std::optional<std::string> read_bytes(const std::filesystem::path& path, std::size_t limit) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return std::nullopt;
    std::string out;
    out.resize(std::min<std::size_t>(limit, 4096));
    std::size_t used = 0;
    while (used < limit) {
        if (used == out.size()) out.resize(std::min(limit, out.size() * 2));
        const auto got = ::read(fd, out.data() + used, out.size() - used);
        if (got < 0) {
            ::close(fd);
            return std::nullopt;
        }
        if (got == 0) break;
        used += static_cast<std::size_t>(got);
    }
    ::close(fd);
    out.resize(used);
    return out;
}

namespace {

std::unexpected<kiosk::Error> unreadable(const std::filesystem::path& path, int error) {
    return kiosk::fail(kiosk::ErrorKind::io, path.string() + ": " + std::error_code(error, std::generic_category()).message());
}

}  // namespace

kiosk::Result<std::optional<Table>> read_table_checked(const std::filesystem::path& path, std::size_t limit) {
    errno = 0;
    if (auto table = read_table(path, limit)) return table;
    const int error = errno;  // left by open() or read()
    if (error == ENOENT) return std::optional<Table>{};
    return unreadable(path, error != 0 ? error : EIO);
}

kiosk::Result<std::vector<std::string>> list_dir(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    std::error_code error;
    std::filesystem::directory_iterator it(dir, error), end;
    if (error == std::errc::no_such_file_or_directory) return names;
    for (; !error && it != end; it.increment(error)) names.push_back(it->path().filename().string());
    if (error) return unreadable(dir, error.value());
    std::ranges::sort(names);
    return names;
}

std::optional<Table> read_table(const std::filesystem::path& path, std::size_t limit) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return std::nullopt;
    Table table;
    std::string chunk(64 * 1024, '\0');
    std::size_t newlines_beyond = 0;
    char last_beyond = '\n';
    ssize_t got = 0;
    while ((got = ::read(fd, chunk.data(), chunk.size())) > 0) {
        auto data = std::string_view(chunk).substr(0, static_cast<std::size_t>(got));
        const auto room = std::min(data.size(), limit - std::min(limit, table.text.size()));
        table.text.append(data.substr(0, room));
        data.remove_prefix(room);
        if (data.empty()) continue;
        newlines_beyond += static_cast<std::size_t>(std::ranges::count(data, '\n'));
        last_beyond = data.back();
    }
    ::close(fd);
    if (got < 0) return std::nullopt;
    if (table.text.size() == limit && (newlines_beyond > 0 || last_beyond != '\n')) {
        // The line the cap cut through is left whole: it is one of the lines beyond.
        const auto cut = table.text.rfind('\n');
        table.text.resize(cut == std::string::npos ? 0 : cut + 1);
        table.lines_left = newlines_beyond + (last_beyond != '\n' ? 1 : 0);
    }
    return table;
}

std::optional<std::string> read_text(const std::filesystem::path& path, std::size_t limit) {
    auto bytes = read_bytes(path, limit);
    if (!bytes) return std::nullopt;
    while (!bytes->empty() && (bytes->back() == '\n' || bytes->back() == ' ' || bytes->back() == '\t' ||
                               bytes->back() == '\0' || bytes->back() == '\r'))
        bytes->pop_back();
    const auto start = bytes->find_first_not_of(' ');  // sysfs pads some numbers (" 2.00")
    return printable(start == std::string::npos ? std::string_view{} : std::string_view(*bytes).substr(start));
}

std::optional<std::int64_t> parse_number(std::string_view text, int base) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    if (base == 16 && text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) text.remove_prefix(2);
    if (text.empty()) return std::nullopt;
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<std::int64_t> read_number(const std::filesystem::path& path, int base) {
    auto text = read_text(path, 64);
    if (!text) return std::nullopt;
    return parse_number(*text, base);
}

std::optional<std::string> link_target(const std::filesystem::path& path) {
    char buffer[4096];
    const auto length = ::readlink(path.c_str(), buffer, sizeof buffer);
    if (length <= 0 || static_cast<std::size_t>(length) >= sizeof buffer) return std::nullopt;
    return std::string(buffer, static_cast<std::size_t>(length));
}

std::optional<std::string> link_name(const std::filesystem::path& path) {
    auto target = link_target(path);
    if (!target) return std::nullopt;
    auto name = std::filesystem::path(*target).filename().string();
    if (name.empty()) return std::nullopt;
    return printable(name);
}

std::vector<std::string> list_names(const std::filesystem::path& dir) {
    return list_dir(dir).value_or(std::vector<std::string>{});
}

namespace {

bool digits(std::string_view text) {
    return !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

// "1-1.2": bus number, dash, dot-separated port numbers.
bool is_usb_device(std::string_view name) {
    auto dash = name.find('-');
    if (dash == std::string_view::npos || !digits(name.substr(0, dash))) return false;
    auto ports = name.substr(dash + 1);
    if (ports.empty()) return false;
    while (!ports.empty()) {
        auto dot = ports.find('.');
        if (!digits(ports.substr(0, dot))) return false;
        if (dot == std::string_view::npos) break;
        ports.remove_prefix(dot + 1);
    }
    return true;
}

// "0000:00:14.0"
bool is_pci_address(std::string_view name) {
    return name.size() == 12 && name[4] == ':' && name[7] == ':' && name[10] == '.';
}

}  // namespace

Location locate(std::string_view path) {
    Location out;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const auto part = path.substr(start, end - start);
        if (part == "virtual" && out.bus.empty()) out.bus = "virtual";
        if (is_pci_address(part) && out.bus != "usb") out.bus = "pci";
        if (is_usb_device(part)) {
            out.bus = "usb";
            out.usb_device = std::string(part);
            out.usb_interface.clear();
        }
        if (auto colon = part.find(':'); colon != std::string_view::npos && is_usb_device(part.substr(0, colon))) {
            out.bus = "usb";
            out.usb_device = std::string(part.substr(0, colon));
            out.usb_interface = std::string(part);
        }
        start = end + 1;
    }
    if (out.bus.empty() && path.find("/platform/") != std::string_view::npos) out.bus = "platform";
    return out;
}

Location locate_link(const std::filesystem::path& link) {
    if (auto target = link_target(link)) {
        auto found = locate(*target);
        if (!found.bus.empty()) return found;
    }
    if (auto target = link_target(link / "device")) return locate(*target);
    return {};
}

}  // namespace kiosk::host::sysfs
