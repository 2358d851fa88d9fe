#include "core/printable.h"

#include <cstdint>

namespace kiosk {
namespace {

// One character of the input: a valid UTF-8 sequence, or a single byte that is not one.
struct Piece {
    std::size_t length = 1;
    bool shown = false;  // false: a control character or an invalid byte
    bool valid = true;   // false: a byte that starts no valid UTF-8 sequence
};

// The bidirectional formatting characters (ALM, LRM, RLM, the embeddings and overrides, the
// isolates): shown as they are, they reorder the text around them, so a subject could make a row
// read as another verdict or another person.
bool is_bidi_control(std::uint32_t code) {
    return code == 0x061C || code == 0x200E || code == 0x200F || (code >= 0x202A && code <= 0x202E) ||
           (code >= 0x2066 && code <= 0x2069);
}

Piece next_piece(std::string_view bytes, std::size_t at) {
    const auto c = static_cast<unsigned char>(bytes[at]);
    if (c < 0x80) return {1, c >= 0x20 && c != 0x7f, true};
    // Length and lowest code point of a UTF-8 sequence starting with c.
    std::size_t length = 0;
    std::uint32_t code = 0, minimum = 0;
    if ((c & 0xE0) == 0xC0) length = 2, code = c & 0x1F, minimum = 0x80;
    else if ((c & 0xF0) == 0xE0) length = 3, code = c & 0x0F, minimum = 0x800;
    else if ((c & 0xF8) == 0xF0) length = 4, code = c & 0x07, minimum = 0x10000;
    bool valid = length != 0 && at + length <= bytes.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
        const auto next = static_cast<unsigned char>(bytes[at + k]);
        valid = (next & 0xC0) == 0x80;
        code = (code << 6) | (next & 0x3F);
    }
    valid = valid && code >= minimum && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
    if (!valid) return {1, false, false};
    return {length, code > 0x9F && !is_bidi_control(code), true};  // U+0080-U+009F: the C1 controls
}

// True when `flag` holds for every piece of `bytes`.
bool every_piece(std::string_view bytes, bool Piece::*flag) {
    for (std::size_t i = 0; i < bytes.size();) {
        const auto piece = next_piece(bytes, i);
        if (!(piece.*flag)) return false;
        i += piece.length;
    }
    return true;
}

void append_escape(std::string& out, unsigned char byte) {
    constexpr std::string_view hex = "0123456789abcdef";
    switch (byte) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: out += "\\x", out += hex[byte >> 4], out += hex[byte & 0xF];
    }
}

}  // namespace

std::string printable(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size();) {
        const auto piece = next_piece(bytes, i);
        if (piece.shown) out.append(bytes.substr(i, piece.length));
        else out += '?';
        i += piece.length;
    }
    return out;
}

bool is_printable(std::string_view text) { return every_piece(text, &Piece::shown); }

bool is_utf8(std::string_view bytes) { return every_piece(bytes, &Piece::valid); }

std::string escaped(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size();) {
        const auto piece = next_piece(bytes, i);
        if (!piece.shown)
            for (std::size_t k = 0; k < piece.length; ++k) append_escape(out, static_cast<unsigned char>(bytes[i + k]));
        else if (bytes[i] == '\\') out += "\\\\";
        else out.append(bytes.substr(i, piece.length));
        i += piece.length;
    }
    return out;
}

}  // namespace kiosk
