// A decoded EDID as rule facts. Identity facts are copied as they are; edid.trait.* are the
// multi-field properties (kvm.md §2, §5, §10 #9) that survive renaming a KVM's EDID, computed here so
// that config/rules/displays.toml can combine them. The table edid_facts below lists them all
// (config/rules/README.md is generated from it).
#include <algorithm>
#include <array>
#include "host/edid_blocks.h"

#include "host/edid.h"
#include "host/facts.h"

namespace kiosk::host {
namespace {

// TC358743 reference EDID lineage (Toshiba "H2C" → PiKVM, TinyPilot, JetKVM "T749").
constexpr std::uint32_t toshiba_reference_serial = 0x88888800;
// The block GL.iNet Comet firmware appends to a 128-byte EDID upload (glkvm upgrade.py); the rest is zero.
constexpr std::array<std::uint8_t, 18> comet_cta_prefix{0x02, 0x03, 0x12, 0xF0, 0x23, 0x09, 0x04, 0x01, 0x83,
                                                        0x01, 0x00, 0x00, 0x65, 0x03, 0x0C, 0x00, 0x10, 0x00};

// The edid.* facts of a display subject (display_subject below); displays.cpp adds display.*.
constexpr FactSpec edid_facts[] = {
    {"edid.manufacturer", FactType::text, "3-letter PNP id, `LNX`"},
    {"edid.product_code", FactType::integer, "product code, `30576` (TOML takes `0x7770`)"},
    {"edid.product_id", FactType::text, "manufacturer and code, `LNX7770`"},
    {"edid.serial_number", FactType::integer, "32-bit serial number"},
    {"edid.name", FactType::text, "monitor name descriptor (0xFC)"},
    {"edid.serial_string", FactType::text, "serial string descriptor (0xFF)"},
    {"edid.strings", FactType::texts, "name, serial string and text descriptors"},
    {"edid.week", FactType::integer, "week of manufacture"},
    {"edid.year", FactType::integer, "year of manufacture (or model year)"},
    {"edid.model_year", FactType::boolean, "the year is a model year"},
    {"edid.date", FactType::text, "`35/2016`"},
    {"edid.version", FactType::text, "`1.3`"},
    {"edid.digital", FactType::boolean, "digital input"},
    {"edid.width_cm", FactType::integer, "screen width"},
    {"edid.height_cm", FactType::integer, "screen height"},
    {"edid.size_zero", FactType::boolean, "width and height both 0"},
    {"edid.bytes", FactType::integer, "bytes given"},
    {"edid.header_ok", FactType::boolean, "the 8-byte header is intact"},
    {"edid.checksum_ok", FactType::boolean, "base block and every present extension check"},
    {"edid.extension_count", FactType::integer, "extension blocks declared in byte 126"},
    {"edid.extensions_present", FactType::integer, "extension blocks actually present"},
    {"edid.extension_kinds", FactType::texts, "cta861, displayid, empty (all zero), unknown, …"},
    {"edid.quirks", FactType::texts, "header_damaged, base_checksum, extension_missing, zero_extension_block, …"},
    {"edid.range.min_v_hz", FactType::integer, "range limits: lowest vertical rate"},
    {"edid.range.max_v_hz", FactType::integer, "range limits: highest vertical rate"},
    {"edid.range.min_h_khz", FactType::integer, "range limits: lowest horizontal rate"},
    {"edid.range.max_h_khz", FactType::integer, "range limits: highest horizontal rate"},
    {"edid.range.max_pixel_clock_mhz", FactType::integer, "range limits: pixel clock (0 = not given)"},
    {"edid.range_limits", FactType::text, "`50-75Hz/15-82kHz/170MHz`"},
    {"edid.preferred_width", FactType::integer, "preferred mode: width"},
    {"edid.preferred_height", FactType::integer, "preferred mode: height (frame height when interlaced)"},
    {"edid.preferred_refresh_mhz", FactType::integer, "preferred mode: refresh in mHz (60000)"},
    {"edid.preferred_pixel_clock_khz", FactType::integer, "preferred mode: pixel clock"},
    {"edid.preferred_interlaced", FactType::boolean, "preferred mode is interlaced"},
    {"edid.preferred_reduced_blanking", FactType::boolean, "preferred mode uses reduced blanking"},
    {"edid.preferred_mode", FactType::text, "`1920x1080@60`"},
    {"edid.cta.revision", FactType::integer, "CTA-861 extension revision"},
    {"edid.cta.vics", FactType::text, "video identification codes, `4,31,19`"},
    {"edid.cta.audio", FactType::boolean, "the CTA extension declares audio"},
    {"edid.cta.hdmi", FactType::boolean, "an HDMI vendor-specific block"},
    {"edid.cta.hdmi_max_tmds_mhz", FactType::integer, "its maximum TMDS clock, when given"},
    {"edid.cta.hdmi_forum", FactType::boolean, "an HDMI Forum vendor-specific block"},
    {"edid.trait.toshiba_reference_serial", FactType::boolean, "serial number 0x88888800 (TC358743 reference EDID)"},
    {"edid.trait.toshiba_reference_date", FactType::boolean, "week 28 of 2011 (same reference EDID)"},
    {"edid.trait.bridge_range_limits", FactType::boolean, "range limits exactly 59-61 Hz, 15-46 kHz, 150 MHz"},
    {"edid.trait.extension_missing", FactType::boolean, "byte 126 declares extension blocks that are not there"},
    {"edid.trait.zero_second_block", FactType::boolean, "the first extension block is all zeros"},
    {"edid.trait.bridge_preferred_mode", FactType::boolean,
     "preferred 1920x1080 progressive at 24-55 Hz (2-lane CSI bridge limit)"},
    {"edid.trait.comet_cta_block", FactType::boolean, "the fixed CTA block GL.iNet Comet appends to 128-byte uploads"},
    {"edid.trait.no_serial", FactType::boolean, "serial number 0 or 0x01010101 and no serial string"},
    {"edid.trait.range_excludes_preferred", FactType::boolean,
     "the preferred mode lies outside the EDID's own range limits"},
    {"edid.trait.no_chromaticity", FactType::boolean, "all colour coordinates zero"},
};

std::int64_t integer(auto value) { return static_cast<std::int64_t>(value); }

bool is_comet_block(const Extension& ext) {
    if (ext.bytes.size() != 128 || !std::ranges::equal(std::span(ext.bytes).first(comet_cta_prefix.size()), comet_cta_prefix))
        return false;
    return std::ranges::all_of(std::span(ext.bytes).subspan(comet_cta_prefix.size(), 127 - comet_cta_prefix.size()),
                               [](std::uint8_t b) { return b == 0; });
}

// TC358743-class bridges take 1080p only at 24-55 Hz (2 CSI lanes), so their EDIDs prefer 1080p30/50.
bool bridge_preferred_mode(const DetailedTiming& t) {
    return t.h_active == 1920 && t.v_active == 1080 && !t.interlaced && t.refresh_mhz >= 23'500 && t.refresh_mhz < 55'000;
}

bool range_excludes(const RangeLimits& range, const DetailedTiming& t) {
    const std::uint32_t hz = (t.refresh_mhz + 500) / 1000;
    const bool clock_out = range.max_pixel_clock_mhz != 0 && t.pixel_clock_khz > range.max_pixel_clock_mhz * 1000u;
    return clock_out || hz < range.min_v_hz || hz > range.max_v_hz;
}

void add_preferred(const DetailedTiming& t, std::map<std::string, FactValue, std::less<>>& facts) {
    const std::uint16_t height = t.interlaced ? static_cast<std::uint16_t>(t.v_active * 2) : t.v_active;
    facts["edid.preferred_width"] = integer(t.h_active);
    facts["edid.preferred_height"] = integer(height);
    facts["edid.preferred_refresh_mhz"] = integer(t.refresh_mhz);
    facts["edid.preferred_pixel_clock_khz"] = integer(t.pixel_clock_khz);
    facts["edid.preferred_interlaced"] = t.interlaced;
    facts["edid.preferred_reduced_blanking"] = t.reduced_blanking;
    facts["edid.preferred_mode"] =
        edid_detail::text_format("%dx%d%s@%u", t.h_active, height, t.interlaced ? "i" : "", (t.refresh_mhz + 500) / 1000);
}

void add_cta(const CtaExtension& cta, std::map<std::string, FactValue, std::less<>>& facts) {
    facts["edid.cta.revision"] = integer(cta.revision);
    std::string vics;
    for (const auto& v : cta.video) vics += (vics.empty() ? "" : ",") + std::to_string(v.vic);
    facts["edid.cta.vics"] = vics;
    facts["edid.cta.audio"] = !cta.audio.empty() || cta.basic_audio;
    facts["edid.cta.hdmi"] = cta.hdmi.has_value();
    if (cta.hdmi && cta.hdmi->max_tmds_mhz) facts["edid.cta.hdmi_max_tmds_mhz"] = integer(cta.hdmi->max_tmds_mhz);
    facts["edid.cta.hdmi_forum"] = cta.hdmi_forum.has_value();
}

}  // namespace

std::span<const FactSpec> edid_fact_specs() { return edid_facts; }

Subject display_subject(const Edid& edid, std::string name) {
    Subject subject{"display", std::move(name), {}};
    auto& f = subject.facts;

    f["edid.manufacturer"] = edid.manufacturer;
    f["edid.product_code"] = integer(edid.product_code);
    f["edid.product_id"] = edid_detail::text_format("%s%04X", edid.manufacturer.c_str(), edid.product_code);
    f["edid.serial_number"] = integer(edid.serial_number);
    std::vector<std::string> strings;
    if (!edid.name.empty()) {
        f["edid.name"] = edid.name;
        strings.push_back(edid.name);
    }
    if (!edid.serial_string.empty()) {
        f["edid.serial_string"] = edid.serial_string;
        strings.push_back(edid.serial_string);
    }
    for (const auto& text : edid.texts)
        if (!text.empty()) strings.push_back(text);
    f["edid.strings"] = strings;
    f["edid.week"] = integer(edid.week);
    f["edid.year"] = integer(edid.year);
    f["edid.model_year"] = edid.model_year;
    f["edid.date"] = edid_detail::text_format("%d/%d", edid.week, edid.year);
    f["edid.version"] = edid_detail::text_format("%d.%d", edid.version, edid.revision);
    f["edid.digital"] = edid.digital;
    f["edid.width_cm"] = integer(edid.width_cm);
    f["edid.height_cm"] = integer(edid.height_cm);
    f["edid.size_zero"] = edid.width_cm == 0 && edid.height_cm == 0;
    f["edid.bytes"] = integer(edid.size);
    f["edid.header_ok"] = edid.header_ok;
    f["edid.checksum_ok"] = edid.checksum_ok();
    f["edid.extension_count"] = integer(edid.extension_count);
    f["edid.extensions_present"] = integer(edid.extensions.size());
    std::vector<std::string> kinds, quirks;
    for (const auto& ext : edid.extensions) kinds.push_back(ext.kind);
    for (const auto& quirk : edid.quirks) quirks.push_back(quirk.code);
    f["edid.extension_kinds"] = kinds;
    f["edid.quirks"] = quirks;

    if (edid.range_limits) {
        const auto& r = *edid.range_limits;
        f["edid.range.min_v_hz"] = integer(r.min_v_hz);
        f["edid.range.max_v_hz"] = integer(r.max_v_hz);
        f["edid.range.min_h_khz"] = integer(r.min_h_khz);
        f["edid.range.max_h_khz"] = integer(r.max_h_khz);
        f["edid.range.max_pixel_clock_mhz"] = integer(r.max_pixel_clock_mhz);
        f["edid.range_limits"] =
            edid_detail::text_format("%d-%dHz/%d-%dkHz/%dMHz", r.min_v_hz, r.max_v_hz, r.min_h_khz, r.max_h_khz, r.max_pixel_clock_mhz);
    }
    const DetailedTiming* preferred = edid.preferred_timing();
    if (preferred) add_preferred(*preferred, f);
    const auto cta = std::ranges::find_if(edid.extensions, [](const Extension& e) { return e.cta.has_value(); });
    if (cta != edid.extensions.end()) add_cta(*cta->cta, f);

    const auto& r = edid.range_limits;
    f["edid.trait.toshiba_reference_serial"] = edid.serial_number == toshiba_reference_serial;
    f["edid.trait.toshiba_reference_date"] = edid.week == 28 && edid.year == 2011;
    f["edid.trait.bridge_range_limits"] = r && r->min_v_hz == 59 && r->max_v_hz == 61 && r->min_h_khz == 15 &&
                                          r->max_h_khz == 46 && r->max_pixel_clock_mhz == 150;
    f["edid.trait.extension_missing"] = edid.has_quirk("extension_missing");
    f["edid.trait.zero_second_block"] = !edid.extensions.empty() && edid.extensions.front().kind == "empty";
    f["edid.trait.bridge_preferred_mode"] = preferred && bridge_preferred_mode(*preferred);
    f["edid.trait.comet_cta_block"] = std::ranges::any_of(edid.extensions, is_comet_block);
    f["edid.trait.no_serial"] = (edid.serial_number == 0 || edid.serial_number == 0x01010101) && edid.serial_string.empty();
    f["edid.trait.range_excludes_preferred"] = r && preferred && range_excludes(*r, *preferred);
    f["edid.trait.no_chromaticity"] = std::ranges::all_of(edid.chromaticity, [](double c) { return c == 0.0; });
    return subject;
}

}  // namespace kiosk::host
