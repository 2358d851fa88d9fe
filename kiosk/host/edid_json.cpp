// The full decode as JSON, for `kiosk edid --json` and the scan inventory.
#include "host/edid_blocks.h"

#include "host/edid.h"

namespace kiosk::host {
namespace {

using nlohmann::json;

std::string hex16(std::uint16_t value) { return edid_detail::text_format("0x%04X", value); }

json timing_json(const DetailedTiming& t) {
    return {{"pixel_clock_khz", t.pixel_clock_khz},
            {"h_active", t.h_active},
            {"h_blanking", t.h_blanking},
            {"h_front_porch", t.h_front_porch},
            {"h_sync_width", t.h_sync_width},
            {"v_active", t.v_active},
            {"v_blanking", t.v_blanking},
            {"v_front_porch", t.v_front_porch},
            {"v_sync_width", t.v_sync_width},
            {"image_width_mm", t.image_width_mm},
            {"image_height_mm", t.image_height_mm},
            {"h_border", t.h_border},
            {"v_border", t.v_border},
            {"interlaced", t.interlaced},
            {"stereo", t.stereo},
            {"sync", t.sync},
            {"h_sync_positive", t.h_sync_positive},
            {"v_sync_positive", t.v_sync_positive},
            {"refresh_hz", t.refresh_mhz / 1000.0},
            {"reduced_blanking", t.reduced_blanking}};
}

json timings_json(const std::vector<DetailedTiming>& timings) {
    json list = json::array();
    for (const auto& t : timings) list.push_back(timing_json(t));
    return list;
}

json cta_json(const CtaExtension& cta) {
    json blocks = json::array();
    for (const auto& b : cta.data_blocks) {
        json block{{"kind", b.kind}, {"tag", b.tag}, {"length", b.length}};
        if (b.extended_tag) block["extended_tag"] = *b.extended_tag;
        if (b.oui) block["oui"] = edid_detail::text_format("%06X", *b.oui);
        blocks.push_back(block);
    }
    json video = json::array();
    for (const auto& v : cta.video) video.push_back({{"vic", v.vic}, {"native", v.native}});
    json audio = json::array();
    for (const auto& a : cta.audio)
        audio.push_back({{"format", a.format}, {"max_channels", a.max_channels}, {"sample_rates", a.sample_rates}, {"detail", a.detail}});
    json out{{"revision", cta.revision},
             {"underscan", cta.underscan},
             {"basic_audio", cta.basic_audio},
             {"ycbcr444", cta.ycbcr444},
             {"ycbcr422", cta.ycbcr422},
             {"native_dtd_count", cta.native_dtd_count},
             {"data_blocks", blocks},
             {"video", video},
             {"audio", audio},
             {"detailed_timings", timings_json(cta.detailed_timings)}};
    if (cta.speaker_allocation) out["speaker_allocation"] = *cta.speaker_allocation;
    if (cta.hdmi)
        out["hdmi"] = {{"physical_address", cta.hdmi->physical_address},
                       {"max_tmds_mhz", cta.hdmi->max_tmds_mhz},
                       {"supports_ai", cta.hdmi->supports_ai},
                       {"deep_color_30", cta.hdmi->deep_color_30},
                       {"deep_color_36", cta.hdmi->deep_color_36},
                       {"deep_color_48", cta.hdmi->deep_color_48}};
    if (cta.hdmi_forum)
        out["hdmi_forum"] = {{"version", cta.hdmi_forum->version},
                             {"max_tmds_character_rate_mhz", cta.hdmi_forum->max_tmds_character_rate_mhz},
                             {"scdc_present", cta.hdmi_forum->scdc_present}};
    return out;
}

}  // namespace

nlohmann::json to_json(const Edid& edid) {
    json standard = json::array();
    for (const auto& s : edid.standard_timings)
        standard.push_back({{"width", s.width}, {"height", s.height}, {"refresh_hz", s.refresh_hz}});
    json descriptors = json::array();
    for (const auto& d : edid.descriptors) descriptors.push_back({{"kind", d.kind}, {"tag", d.tag}});
    json extensions = json::array();
    for (const auto& e : edid.extensions) {
        json ext{{"tag", e.tag}, {"kind", e.kind}, {"checksum_ok", e.checksum_ok}, {"complete", e.complete}};
        if (e.cta) ext["cta861"] = cta_json(*e.cta);
        extensions.push_back(ext);
    }
    json quirks = json::array();
    for (const auto& q : edid.quirks) quirks.push_back({{"code", q.code}, {"detail", q.detail}});
    json chromaticity = json::object();
    static constexpr std::array<const char*, 8> points{"red_x", "red_y", "green_x", "green_y", "blue_x", "blue_y", "white_x", "white_y"};
    for (std::size_t i = 0; i < points.size(); ++i) chromaticity[points[i]] = edid.chromaticity[i];

    json out{{"size", edid.size},
             {"header_ok", edid.header_ok},
             {"checksum_ok", edid.checksum_ok()},
             {"base_checksum_ok", edid.base_checksum_ok},
             {"manufacturer", edid.manufacturer},
             {"product_code", hex16(edid.product_code)},
             {"serial_number", edid_detail::text_format("0x%08X", edid.serial_number)},
             {"name", edid.name},
             {"serial_string", edid.serial_string},
             {"texts", edid.texts},
             {"week", edid.week},
             {"year", edid.year},
             {"model_year", edid.model_year},
             {"version", edid_detail::text_format("%d.%d", edid.version, edid.revision)},
             {"digital", edid.digital},
             {"bit_depth", edid.bit_depth},
             {"interface", edid.interface},
             {"width_cm", edid.width_cm},
             {"height_cm", edid.height_cm},
             {"gamma", edid.gamma ? json(*edid.gamma) : json(nullptr)},
             {"dpms", {{"standby", edid.dpms_standby}, {"suspend", edid.dpms_suspend}, {"off", edid.dpms_off}}},
             {"color_type", edid.color_type},
             {"srgb_default", edid.srgb_default},
             {"preferred_timing_native", edid.preferred_timing_native},
             {"continuous_frequency", edid.continuous_frequency},
             {"chromaticity", chromaticity},
             {"established_timings", edid.established_timings},
             {"standard_timings", standard},
             {"descriptors", descriptors},
             {"detailed_timings", timings_json(edid.detailed_timings)},
             {"range_limits", nullptr},
             {"extensions_declared", edid.extension_count},
             {"extensions", extensions},
             {"quirks", quirks}};
    if (edid.range_limits) {
        const auto& r = *edid.range_limits;
        out["range_limits"] = {{"min_v_hz", r.min_v_hz},   {"max_v_hz", r.max_v_hz},
                               {"min_h_khz", r.min_h_khz}, {"max_h_khz", r.max_h_khz},
                               {"max_pixel_clock_mhz", r.max_pixel_clock_mhz}, {"timing_support", r.timing_support}};
    }
    return out;
}

}  // namespace kiosk::host
