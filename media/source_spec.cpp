#include "media/source_spec.h"

#include <array>
#include <charconv>
#include <cstdlib>
#include <filesystem>

namespace media {
namespace {

constexpr std::array network_schemes = {"rtsp", "rtsps", "rtmp", "http", "https", "srt", "udp", "rtp", "tcp"};

bool parse_int(std::string_view text, int& value) {
    if (text.empty()) return false;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size();
}

kiosk::Result<SourceSpec> parse_screen(const std::string& text) {
    // screen:X,Y,WxH[@DISPLAY]
    std::string_view rest = std::string_view(text).substr(7);
    std::string display;
    if (auto at = rest.find('@'); at != std::string_view::npos) {
        display = std::string(rest.substr(at + 1));
        rest = rest.substr(0, at);
    }
    auto bad = [&] {
        return kiosk::fail("bad screen region '" + text + "': expected screen:X,Y,WxH[@DISPLAY], e.g. screen:0,0,640x480@:0");
    };
    auto comma1 = rest.find(',');
    auto comma2 = comma1 == std::string_view::npos ? comma1 : rest.find(',', comma1 + 1);
    if (comma2 == std::string_view::npos) return bad();
    auto size = rest.substr(comma2 + 1);
    auto cross = size.find('x');
    if (cross == std::string_view::npos) return bad();
    SourceSpec spec;
    if (!parse_int(rest.substr(0, comma1), spec.x) || !parse_int(rest.substr(comma1 + 1, comma2 - comma1 - 1), spec.y) ||
        !parse_int(size.substr(0, cross), spec.width) || !parse_int(size.substr(cross + 1), spec.height))
        return bad();
    if (spec.x < 0 || spec.y < 0 || spec.width < 2 || spec.height < 2) return bad();
    if (display.empty()) {
        const char* env = std::getenv("DISPLAY");
        display = env && *env ? env : ":0";
    }
    spec.kind = SourceKind::screen;
    spec.text = text;
    spec.input_format = "x11grab";
    spec.url = display + "+" + std::to_string(spec.x) + "," + std::to_string(spec.y);
    return spec;
}

// Why a path cannot be read as a video file without risking a hang, or nothing when it can.
kiosk::Result<void> check_file(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code error;
    const auto status = fs::status(path, error);
    if (error || !fs::exists(status)) return kiosk::fail(kiosk::ErrorKind::not_found, path + ": no such file");
    switch (status.type()) {
        case fs::file_type::regular: break;
        case fs::file_type::directory: return kiosk::fail(path + ": is a directory, not a video file");
        case fs::file_type::fifo:
            return kiosk::fail(path + ": is a FIFO (named pipe), not a video file: reading a pipe can block forever, "
                                      "record to a file or stream over a network URL");
        case fs::file_type::character:
            return kiosk::fail(path + ": is a character device, not a video file (name a V4L2 camera as v4l2:" + path + ")");
        default: return kiosk::fail(path + ": is a socket or a block device, not a video file");
    }
    if (fs::file_size(path, error) == 0) return kiosk::fail(path + ": empty file (0 bytes)");
    return {};
}

}  // namespace

bool is_live(SourceKind kind) { return kind != SourceKind::file; }

std::string_view to_string(SourceKind kind) {
    switch (kind) {
        case SourceKind::file: return "file";
        case SourceKind::camera: return "camera";
        case SourceKind::network: return "network";
        case SourceKind::screen: return "screen";
    }
    return "file";
}

kiosk::Result<SourceSpec> parse_source_spec(const std::string& text) {
    if (text.empty()) return kiosk::fail("empty source");
    if (text.starts_with("screen:")) return parse_screen(text);
    SourceSpec spec;
    spec.text = text;
    if (text.starts_with("v4l2:") || text.starts_with("/dev/video")) {
        spec.kind = SourceKind::camera;
        spec.url = text.starts_with("v4l2:") ? text.substr(5) : text;
        spec.input_format = "v4l2";
        return spec;
    }
    if (text.starts_with("file://")) {
        spec.url = text.substr(7);
        return spec;
    }
    if (auto colon = text.find("://"); colon != std::string::npos) {
        std::string scheme = text.substr(0, colon);
        for (const char* known : network_schemes) {
            if (scheme == known) {
                spec.kind = SourceKind::network;
                spec.url = text;
                return spec;
            }
        }
        return kiosk::fail("unsupported URL scheme '" + scheme +
                           "' (use rtsp, rtsps, rtmp, http, https, srt, udp, rtp or tcp)");
    }
    spec.url = text;
    return spec;
}

kiosk::Result<SourceSpec> resolve_source(const std::string& text) {
    auto spec = parse_source_spec(text);
    if (!spec || spec->kind != SourceKind::file) return spec;
    if (auto checked = check_file(spec->url); !checked) return std::unexpected(checked.error());
    return spec;
}

}  // namespace media
