// EDID as people hand it over: the raw bytes from /sys/class/drm/*/edid, or hex text — a plain or
// `xxd`/`hexdump -C` dump of that file, the indented block after "EDID:" in `xrandr --verbose`,
// or the hex block `edid-decode` prints (and reads).
#include <algorithm>
#include <cctype>
#include <optional>

#include "host/edid.h"
#include "host/edid_blocks.h"

namespace kiosk::host {
namespace {

bool looks_binary(std::string_view contents) {
    return std::ranges::any_of(contents, [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x7F || (byte < 0x20 && byte != '\n' && byte != '\r' && byte != '\t');
    });
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return text;
}

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        lines.push_back(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return lines;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The hex bytes of one line, or nullopt when the line is not hex data. Accepts "00ffff…", "00 ff ff …",
// "0x00, 0xff, …", an offset column ("00000010:" or "00000010  ") and a `hexdump -C` text column "|…|".
std::optional<std::vector<std::uint8_t>> hex_line(std::string_view line) {
    line = trim(line.substr(0, line.find('|')));
    if (const auto colon = line.find(':'); colon != std::string_view::npos) line = trim(line.substr(colon + 1));
    std::vector<std::string_view> tokens;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i) {
        if (i == line.size() || std::isspace(static_cast<unsigned char>(line[i])) || line[i] == ',') {
            if (i > start) tokens.push_back(line.substr(start, i - start));
            start = i + 1;
        }
    }
    // hexdump -C / od style: a leading offset of 7+ hex digits followed by 1- or 2-digit byte tokens.
    if (tokens.size() > 1 && tokens.front().size() >= 7 && tokens[1].size() <= 2) tokens.erase(tokens.begin());
    if (tokens.empty()) return std::nullopt;
    std::vector<std::uint8_t> bytes;
    for (auto token : tokens) {
        if (token.starts_with("0x") || token.starts_with("0X")) token.remove_prefix(2);
        if (token.empty() || token.size() % 2 != 0) return std::nullopt;
        for (std::size_t i = 0; i < token.size(); i += 2) {
            const int high = hex_value(token[i]), low = hex_value(token[i + 1]);
            if (high < 0 || low < 0) return std::nullopt;
            bytes.push_back(static_cast<std::uint8_t>(high * 16 + low));
        }
    }
    return bytes;
}

// Consecutive hex lines starting at `first` (blank lines before the data are skipped).
std::vector<std::uint8_t> hex_run(const std::vector<std::string_view>& lines, std::size_t first) {
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = first; i < lines.size(); ++i) {
        if (trim(lines[i]).empty()) {
            if (bytes.empty()) continue;
            break;
        }
        auto row = hex_line(lines[i]);
        if (!row) break;
        bytes.insert(bytes.end(), row->begin(), row->end());
    }
    return bytes;
}

}  // namespace

Result<std::vector<std::uint8_t>> read_edid_input(std::string_view contents) {
    if (contents.empty()) return fail("empty input");
    if (looks_binary(contents)) return std::vector<std::uint8_t>(contents.begin(), contents.end());

    const auto lines = split_lines(contents);
    // xrandr --verbose ("\tEDID: " then indented hex) and edid-decode ("edid-decode (hex):" then hex):
    // the first labelled block is the EDID.
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto line = trim(lines[i]);
        if (line == "EDID:" || line.starts_with("edid-decode (hex)")) {
            auto bytes = hex_run(lines, i + 1);
            if (bytes.empty()) return fail(edid_detail::text_format("line %zu: '%s' is not followed by hex lines", i + 1, std::string(line).c_str()));
            return bytes;
        }
    }
    // Otherwise the whole text must be hex (blank lines allowed).
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (trim(lines[i]).empty()) continue;
        auto row = hex_line(lines[i]);
        if (!row) return fail(edid_detail::text_format("line %zu: not hex EDID data (expected raw bytes, hex, xrandr --verbose or edid-decode output)", i + 1));
        bytes.insert(bytes.end(), row->begin(), row->end());
    }
    if (bytes.empty()) return fail("no EDID bytes in the text");
    return bytes;
}

}  // namespace kiosk::host
