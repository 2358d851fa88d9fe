// EDID (VESA E-EDID 1.3/1.4, CTA-861 extensions): decode a display's self-description, note what is
// wrong with it, and describe it to the signature rules as a "display" Subject with edid.* facts.
// Broken blobs (wrong checksums, truncation, missing extensions) decode with quirks; only bytes
// that are not an EDID at all are an Error.
#pragma once
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "host/subject.h"

namespace kiosk::host {

// An 18-byte detailed timing descriptor (base block or CTA extension).
struct DetailedTiming {
    std::uint32_t pixel_clock_khz = 0;
    std::uint16_t h_active = 0, h_blanking = 0, h_front_porch = 0, h_sync_width = 0;
    std::uint16_t v_active = 0, v_blanking = 0, v_front_porch = 0, v_sync_width = 0;
    std::uint16_t image_width_mm = 0, image_height_mm = 0;
    std::uint8_t h_border = 0, v_border = 0;
    bool interlaced = false;
    bool stereo = false;
    std::string sync;  // "analog composite", "bipolar analog composite", "digital composite", "digital separate"
    bool h_sync_positive = false, v_sync_positive = false;  // digital separate sync only
    std::uint32_t refresh_mhz = 0;  // field rate in millihertz (0 when the totals are zero)
    bool reduced_blanking = false;  // CVT reduced blanking shape: 160-pixel h blank, +h -v sync
};

struct StandardTiming {
    std::uint16_t width = 0, height = 0;
    std::uint8_t refresh_hz = 0;
};

struct RangeLimits {
    std::uint16_t min_v_hz = 0, max_v_hz = 0;    // with the EDID 1.4 +255 offsets applied
    std::uint16_t min_h_khz = 0, max_h_khz = 0;
    std::uint16_t max_pixel_clock_mhz = 0;       // 0 = not given
    std::string timing_support;                  // "default GTF", "range limits only", "secondary GTF", "CVT"
};

// One of the four 18-byte descriptor slots of the base block.
struct Descriptor {
    std::string kind;  // detailed_timing, monitor_name, serial_string, text, range_limits,
                       // established_timings_3, cvt_codes, color_management, standard_timings,
                       // color_point, dummy, manufacturer (tags 0x00-0x0F), unknown
    std::uint8_t tag = 0;  // display descriptor tag (0 for detailed timings)
};

struct ShortVideoDescriptor {
    std::uint8_t vic = 0;
    bool native = false;
};

struct ShortAudioDescriptor {
    std::uint8_t format = 0;        // 1 = LPCM, 2 = AC-3, … (CTA-861 audio format code)
    std::uint8_t max_channels = 0;
    std::uint8_t sample_rates = 0;  // bit 0 = 32 kHz … bit 6 = 192 kHz
    std::uint8_t detail = 0;        // LPCM bit depths, or max bit rate / 8 kHz, or format-specific
};

struct HdmiVsdb {  // HDMI 1.x vendor-specific data block (OUI 00-0C-03)
    std::string physical_address;   // "1.0.0.0"
    std::uint16_t max_tmds_mhz = 0; // 0 = not given
    bool supports_ai = false, deep_color_30 = false, deep_color_36 = false, deep_color_48 = false;
};

struct HdmiForumVsdb {  // HDMI Forum vendor-specific data block (OUI C4-5D-D8)
    std::uint8_t version = 0;
    std::uint16_t max_tmds_character_rate_mhz = 0;
    bool scdc_present = false;
};

struct CtaDataBlock {
    std::string kind;  // video, audio, speaker_allocation, vendor_specific, vesa_dtc, extended, reserved
    std::uint8_t tag = 0;
    std::optional<std::uint8_t> extended_tag;
    std::optional<std::uint32_t> oui;  // vendor-specific blocks
    std::size_t length = 0;             // payload bytes
};

struct CtaExtension {
    std::uint8_t revision = 0;
    bool underscan = false, basic_audio = false, ycbcr444 = false, ycbcr422 = false;
    std::uint8_t native_dtd_count = 0;
    std::vector<CtaDataBlock> data_blocks;
    std::vector<ShortVideoDescriptor> video;
    std::vector<ShortAudioDescriptor> audio;
    std::optional<std::uint32_t> speaker_allocation;
    std::optional<HdmiVsdb> hdmi;
    std::optional<HdmiForumVsdb> hdmi_forum;
    std::vector<DetailedTiming> detailed_timings;
};

struct Extension {
    std::uint8_t tag = 0;
    std::string kind;  // cta861, video_timing_block, displayid, localized_strings, block_map,
                       // display_information, dpvl, manufacturer, empty (all zero), unknown
    bool checksum_ok = false;
    bool complete = true;  // false when the blob ends inside this block
    std::optional<CtaExtension> cta;
    std::vector<std::uint8_t> bytes;  // as received (may be shorter than 128 when incomplete)
};

// Something wrong with, or unusual about, the blob; never fatal.
struct Quirk {
    std::string code;    // stable: header_damaged, base_checksum, extension_checksum, extension_missing,
                         // extension_truncated, zero_extension_block, undeclared_extension, trailing_bytes,
                         // invalid_manufacturer, bad_descriptor, bad_cta_block, bad_date
    std::string detail;  // plain language, with the values
};

struct Edid {
    std::size_t size = 0;  // bytes given
    bool header_ok = true;
    bool base_checksum_ok = true;

    std::string manufacturer;  // 3-letter PNP id; codes outside A-Z show as '@' (0) or '['…'_' (27-31)
    std::uint16_t product_code = 0;
    std::uint32_t serial_number = 0;
    std::uint8_t week = 0;     // 0 = not given; 255 = `year` is a model year
    std::uint16_t year = 0;
    bool model_year = false;
    std::uint8_t version = 0, revision = 0;

    bool digital = false;
    std::uint8_t bit_depth = 0;     // EDID 1.4 digital: 6..16, 0 = undefined
    std::string interface;          // EDID 1.4 digital: DVI, HDMI-a, HDMI-b, MDDI, DisplayPort, undefined
    std::uint8_t width_cm = 0, height_cm = 0;  // both 0: unknown/variable (or an aspect ratio in 1.4)
    std::optional<double> gamma;    // absent when byte 23 is 0xFF
    bool dpms_standby = false, dpms_suspend = false, dpms_off = false;
    bool srgb_default = false, preferred_timing_native = false, continuous_frequency = false;
    std::string color_type;         // analog: monochrome/rgb/non-rgb; digital: rgb444, +ycbcr444…
    std::array<double, 8> chromaticity{};  // red x,y green x,y blue x,y white x,y

    std::vector<std::string> established_timings;  // "720x400@70", …
    std::vector<StandardTiming> standard_timings;
    std::array<Descriptor, 4> descriptors{};
    std::vector<DetailedTiming> detailed_timings;  // base block, in order (first = preferred)
    std::string name;            // 0xFC, trimmed; empty when absent
    std::string serial_string;   // 0xFF
    std::vector<std::string> texts;  // 0xFE
    std::optional<RangeLimits> range_limits;

    std::uint8_t extension_count = 0;  // declared in byte 126
    std::vector<Extension> extensions; // what was actually present (may differ from the count)
    std::vector<Quirk> quirks;

    bool checksum_ok() const;  // base and every present extension
    bool has_quirk(std::string_view code) const;
    // The preferred mode: the first detailed timing of the base block, else of a CTA extension.
    const DetailedTiming* preferred_timing() const;
};

// Decodes raw EDID bytes. Error only when the bytes are not an EDID at all (shorter than a base
// block, or a header beyond repair).
Result<Edid> decode_edid(std::span<const std::uint8_t> bytes);

// Turns file contents into EDID bytes: raw binary, or hex text as /sys dumps, `xrandr --verbose`
// (indented hex lines after "EDID:") and `edid-decode` hex dumps users paste.
Result<std::vector<std::uint8_t>> read_edid_input(std::string_view contents);

nlohmann::json to_json(const Edid& edid);

// A "display" Subject named `name` whose facts (edid.*, listed in config/rules/README.md) the
// signature rules in config/rules/displays.toml judge.
Subject display_subject(const Edid& edid, std::string name);

}  // namespace kiosk::host
