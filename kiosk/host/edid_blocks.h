// Pieces of the EDID decoder shared by the base block and the CTA-861 extension (internal to kiosk_host).
#pragma once
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "host/edid.h"

namespace kiosk::host::edid_detail {

// printf-style text (g++ 12 has no <format>); the patterns are literals in this library.
template <typename... Args>
std::string text_format(const char* pattern, Args... args) {
    const int size = std::snprintf(nullptr, 0, pattern, args...);
    std::string text(static_cast<std::size_t>(size > 0 ? size : 0), '\0');
    if (size > 0) std::snprintf(text.data(), text.size() + 1, pattern, args...);
    return text;
}

// `bytes` holds exactly 18 bytes whose pixel clock is not zero.
DetailedTiming decode_detailed_timing(std::span<const std::uint8_t, 18> bytes);

// Printable text of a 13-byte descriptor string: stops at LF or NUL, trims padding, and turns bytes
// outside printable ASCII into UTF-8 (Latin-1) or '?', so the JSON stays valid.
std::string descriptor_text(std::span<const std::uint8_t> bytes);

// A CTA-861 extension block, zero-padded to 128 bytes by the caller when only `present` bytes were
// given (nothing past `present` is decoded). Malformed data blocks end the walk with a bad_cta_block quirk.
CtaExtension decode_cta(std::span<const std::uint8_t, 128> block, std::size_t present, std::vector<Quirk>& quirks);

}  // namespace kiosk::host::edid_detail
