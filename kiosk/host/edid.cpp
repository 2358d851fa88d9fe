// EDID base block and extension layout (VESA E-EDID 1.4, sections 3.1-3.11). Every read is bounded
// by the bytes given: the base block is only decoded when all 128 bytes are there, extensions that
// are short are zero-padded and flagged.
#include "host/edid.h"

#include <algorithm>
#include <array>

#include "host/edid_blocks.h"

namespace kiosk::host {
namespace {

using edid_detail::text_format;

constexpr std::size_t block_size = 128;
constexpr std::array<std::uint8_t, 8> edid_header{0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
// A header with at most this many wrong bytes is taken as damaged rather than "not an EDID".
constexpr int max_damaged_header_bytes = 2;

using Bytes = std::span<const std::uint8_t>;

bool checksum_ok(Bytes block) {
    unsigned sum = 0;
    for (auto byte : block) sum += byte;
    return sum % 256 == 0;
}

bool all_zero(Bytes bytes) {
    return std::ranges::all_of(bytes, [](std::uint8_t b) { return b == 0; });
}

void add_quirk(Edid& edid, std::string code, std::string detail) {
    edid.quirks.push_back(Quirk{std::move(code), std::move(detail)});
}

void decode_identity(Bytes base, Edid& edid) {
    const unsigned id = (unsigned{base[8]} << 8) | base[9];
    bool letters_ok = (id & 0x8000u) == 0;
    for (int shift : {10, 5, 0}) {
        const unsigned letter = (id >> shift) & 0x1Fu;
        const bool valid = letter >= 1 && letter <= 26;
        letters_ok = letters_ok && valid;
        edid.manufacturer += static_cast<char>('@' + letter);  // 0 → '@', 27-31 → '['…'_', as edid-decode shows them
    }
    if (!letters_ok) add_quirk(edid, "invalid_manufacturer", text_format("manufacturer id bytes %02X %02X are not three letters", base[8], base[9]));
    edid.product_code = static_cast<std::uint16_t>(base[10] | (base[11] << 8));
    edid.serial_number = static_cast<std::uint32_t>(base[12]) | (static_cast<std::uint32_t>(base[13]) << 8) |
                         (static_cast<std::uint32_t>(base[14]) << 16) | (static_cast<std::uint32_t>(base[15]) << 24);
    edid.week = base[16];
    edid.year = static_cast<std::uint16_t>(1990 + base[17]);
    edid.model_year = edid.week == 0xFF;
    if (edid.week > 54 && !edid.model_year) add_quirk(edid, "bad_date", text_format("week %d does not exist", edid.week));
    edid.version = base[18];
    edid.revision = base[19];
}

void decode_basic_parameters(Bytes base, Edid& edid) {
    const std::uint8_t input = base[20];
    edid.digital = (input & 0x80) != 0;
    const bool v14 = edid.version == 1 && edid.revision >= 4;
    if (edid.digital && v14) {
        static constexpr std::array<std::uint8_t, 8> depths{0, 6, 8, 10, 12, 14, 16, 0};
        static constexpr std::array<const char*, 6> interfaces{"undefined", "DVI", "HDMI-a", "HDMI-b", "MDDI", "DisplayPort"};
        edid.bit_depth = depths[(input >> 4) & 0x07];
        const unsigned interface = input & 0x0F;
        edid.interface = interface < interfaces.size() ? interfaces[interface] : "reserved";
    }
    edid.width_cm = base[21];
    edid.height_cm = base[22];
    if (base[23] != 0xFF) edid.gamma = (base[23] + 100) / 100.0;
    const std::uint8_t features = base[24];
    edid.dpms_standby = (features & 0x80) != 0;
    edid.dpms_suspend = (features & 0x40) != 0;
    edid.dpms_off = (features & 0x20) != 0;
    const unsigned type = (features >> 3) & 0x03;
    static constexpr std::array<const char*, 4> analog_types{"monochrome", "rgb", "non-rgb", "undefined"};
    static constexpr std::array<const char*, 4> digital_types{"rgb444", "rgb444+ycbcr444", "rgb444+ycbcr422",
                                                              "rgb444+ycbcr444+ycbcr422"};
    edid.color_type = (edid.digital && v14) ? digital_types[type] : analog_types[type];
    edid.srgb_default = (features & 0x04) != 0;
    edid.preferred_timing_native = (features & 0x02) != 0;
    edid.continuous_frequency = (features & 0x01) != 0;

    // Ten-bit CIE coordinates: high 8 bits in bytes 27-34, low 2 bits packed in bytes 25-26.
    for (std::size_t i = 0; i < 8; ++i) {
        const std::uint8_t packed = base[25 + i / 4];
        const unsigned low = (packed >> (6 - 2 * (i % 4))) & 0x03u;
        edid.chromaticity[i] = static_cast<double>((unsigned{base[27 + i]} << 2) | low) / 1024.0;
    }
}

void decode_established(Bytes base, Edid& edid) {
    static constexpr std::array<const char*, 17> names{
        "720x400@70",  "720x400@88",  "640x480@60",  "640x480@67",   "640x480@72",   "640x480@75",
        "800x600@56",  "800x600@60",  "800x600@72",  "800x600@75",   "832x624@75",   "1024x768i@87",
        "1024x768@60", "1024x768@70", "1024x768@75", "1280x1024@75", "1152x870@75"};
    for (std::size_t bit = 0; bit < names.size(); ++bit) {
        if (base[35 + bit / 8] & (0x80 >> (bit % 8))) edid.established_timings.emplace_back(names[bit]);
    }
}

void decode_standard(Bytes base, Edid& edid) {
    for (std::size_t i = 0; i < 8; ++i) {
        const std::uint8_t first = base[38 + 2 * i], second = base[39 + 2 * i];
        if ((first == 0x01 && second == 0x01) || first == 0x00 || (first == 0x20 && second == 0x20)) continue;
        StandardTiming timing;
        timing.width = static_cast<std::uint16_t>((first + 31) * 8);
        const unsigned aspect = second >> 6;
        const bool pre13_square = aspect == 0 && edid.version == 1 && edid.revision < 3;
        const unsigned num = aspect == 0 ? (pre13_square ? 1 : 10) : aspect == 1 ? 3 : aspect == 2 ? 4 : 9;
        const unsigned den = aspect == 0 ? (pre13_square ? 1 : 16) : aspect == 1 ? 4 : aspect == 2 ? 5 : 16;
        timing.height = static_cast<std::uint16_t>(timing.width * num / den);
        timing.refresh_hz = static_cast<std::uint8_t>((second & 0x3F) + 60);
        edid.standard_timings.push_back(timing);
    }
}

RangeLimits decode_range_limits(std::span<const std::uint8_t, 18> d) {
    RangeLimits range;
    const std::uint8_t offsets = d[4];
    range.min_v_hz = static_cast<std::uint16_t>(d[5] + ((offsets & 0x03) == 0x03 ? 255 : 0));
    range.max_v_hz = static_cast<std::uint16_t>(d[6] + ((offsets & 0x02) ? 255 : 0));
    range.min_h_khz = static_cast<std::uint16_t>(d[7] + ((offsets & 0x0C) == 0x0C ? 255 : 0));
    range.max_h_khz = static_cast<std::uint16_t>(d[8] + ((offsets & 0x08) ? 255 : 0));
    range.max_pixel_clock_mhz = static_cast<std::uint16_t>(d[9] * 10);
    switch (d[10]) {
        case 0x00: range.timing_support = "default GTF"; break;
        case 0x01: range.timing_support = "range limits only"; break;
        case 0x02: range.timing_support = "secondary GTF"; break;
        case 0x04: range.timing_support = "CVT"; break;
        default: range.timing_support = text_format("reserved 0x%02X", d[10]);
    }
    return range;
}

std::string descriptor_kind(std::uint8_t tag) {
    switch (tag) {
        case 0xFF: return "serial_string";
        case 0xFE: return "text";
        case 0xFD: return "range_limits";
        case 0xFC: return "monitor_name";
        case 0xFB: return "color_point";
        case 0xFA: return "standard_timings";
        case 0xF9: return "color_management";
        case 0xF8: return "cvt_codes";
        case 0xF7: return "established_timings_3";
        case 0x10: return "dummy";
        default: return tag <= 0x0F ? "manufacturer" : "unknown";
    }
}

void decode_descriptors(Bytes base, Edid& edid) {
    for (std::size_t slot = 0; slot < 4; ++slot) {
        std::span<const std::uint8_t, 18> d{base.data() + 54 + 18 * slot, 18};
        if (d[0] != 0 || d[1] != 0) {
            edid.descriptors[slot] = Descriptor{"detailed_timing", 0};
            edid.detailed_timings.push_back(edid_detail::decode_detailed_timing(d));
            continue;
        }
        const std::uint8_t tag = d[3];
        edid.descriptors[slot] = Descriptor{descriptor_kind(tag), tag};
        const auto text = edid_detail::descriptor_text(d.subspan(5));
        if (tag == 0xFC) edid.name += text;  // a long name may continue in a second 0xFC descriptor
        else if (tag == 0xFF) edid.serial_string += text;
        else if (tag == 0xFE) edid.texts.push_back(text);
        else if (tag == 0xFD && !edid.range_limits) edid.range_limits = decode_range_limits(d);
        else if (edid.descriptors[slot].kind == "unknown")
            add_quirk(edid, "bad_descriptor", text_format("descriptor %zu has the unassigned tag 0x%02X", slot + 1, tag));
    }
}

std::string extension_kind(std::uint8_t tag) {
    switch (tag) {
        case 0x02: return "cta861";
        case 0x10: return "video_timing_block";
        case 0x40: return "display_information";
        case 0x50: return "localized_strings";
        case 0x60: return "dpvl";
        case 0x70: return "displayid";
        case 0xF0: return "block_map";
        case 0xFF: return "manufacturer";
        default: return "unknown";
    }
}

Extension decode_extension(Bytes present, std::size_t index, Edid& edid) {
    Extension ext;
    ext.bytes.assign(present.begin(), present.end());
    ext.complete = present.size() == block_size;
    ext.tag = present.empty() ? 0 : present[0];
    if (!ext.complete)
        add_quirk(edid, "extension_truncated", text_format("extension block %zu has %zu of 128 bytes", index, present.size()));
    if (all_zero(present)) {
        ext.kind = "empty";
        add_quirk(edid, "zero_extension_block", text_format("extension block %zu is all zeros", index));
        return ext;
    }
    ext.kind = extension_kind(ext.tag);
    ext.checksum_ok = ext.complete && checksum_ok(present);
    if (ext.complete && !ext.checksum_ok)
        add_quirk(edid, "extension_checksum", text_format("extension block %zu checksum is wrong", index));
    if (ext.tag == 0x02) {
        std::array<std::uint8_t, block_size> padded{};
        std::ranges::copy(present, padded.begin());
        ext.cta = edid_detail::decode_cta(padded, present.size(), edid.quirks);
    }
    return ext;
}

void decode_extensions(Bytes bytes, Edid& edid) {
    const std::size_t declared = edid.extension_count;
    std::size_t offset = block_size;
    for (std::size_t index = 1; index <= declared; ++index, offset += block_size) {
        if (offset >= bytes.size()) {
            const std::size_t missing = declared - index + 1;
            add_quirk(edid, "extension_missing",
                      text_format("%zu extension block%s declared but not supplied", missing, missing == 1 ? "" : "s"));
            return;
        }
        const auto present = bytes.subspan(offset, std::min(block_size, bytes.size() - offset));
        edid.extensions.push_back(decode_extension(present, index, edid));
    }
    // Bytes beyond the declared blocks: zero padding, or blocks byte 126 does not count.
    while (offset < bytes.size()) {
        const auto rest = bytes.subspan(offset, std::min(block_size, bytes.size() - offset));
        if (all_zero(rest) || rest.size() < block_size) {
            add_quirk(edid, "trailing_bytes", text_format("%zu bytes after the last declared block", bytes.size() - offset));
            return;
        }
        add_quirk(edid, "undeclared_extension",
                  text_format("block %zu is present but byte 126 declares %zu extension%s", offset / block_size,
                              declared, declared == 1 ? "" : "s"));
        edid.extensions.push_back(decode_extension(rest, offset / block_size, edid));
        offset += block_size;
    }
}

}  // namespace

bool Edid::checksum_ok() const {
    return base_checksum_ok && std::ranges::all_of(extensions, [](const Extension& e) { return e.kind == "empty" || e.checksum_ok; });
}

bool Edid::has_quirk(std::string_view code) const {
    return std::ranges::any_of(quirks, [&](const Quirk& q) { return q.code == code; });
}

const DetailedTiming* Edid::preferred_timing() const {
    if (!detailed_timings.empty()) return &detailed_timings.front();
    for (const auto& ext : extensions)
        if (ext.cta && !ext.cta->detailed_timings.empty()) return &ext.cta->detailed_timings.front();
    return nullptr;
}

Result<Edid> decode_edid(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < block_size)
        return fail(text_format("not an EDID: %zu bytes, a base block has 128", bytes.size()));
    const auto base = bytes.first(block_size);
    int wrong = 0;
    for (std::size_t i = 0; i < edid_header.size(); ++i) wrong += base[i] != edid_header[i];
    if (wrong > max_damaged_header_bytes) {
        return fail(text_format("not an EDID: the first bytes are %02X %02X %02X %02X %02X %02X %02X %02X, not the EDID header",
                                base[0], base[1], base[2], base[3], base[4], base[5], base[6], base[7]));
    }
    Edid edid;
    edid.size = bytes.size();
    edid.header_ok = wrong == 0;
    if (!edid.header_ok) add_quirk(edid, "header_damaged", text_format("%d of the 8 header bytes are wrong", wrong));
    edid.base_checksum_ok = checksum_ok(base);
    if (!edid.base_checksum_ok) add_quirk(edid, "base_checksum", "base block checksum is wrong");
    decode_identity(base, edid);
    decode_basic_parameters(base, edid);
    decode_established(base, edid);
    decode_standard(base, edid);
    decode_descriptors(base, edid);
    edid.extension_count = base[126];
    decode_extensions(bytes, edid);
    return edid;
}

}  // namespace kiosk::host
