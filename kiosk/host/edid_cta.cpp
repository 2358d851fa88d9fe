// 18-byte detailed timings, descriptor strings, and CTA-861 extension blocks (CTA-861-H, section 7).
#include <algorithm>

#include "host/edid_blocks.h"

namespace kiosk::host::edid_detail {
namespace {

constexpr std::uint32_t oui_hdmi = 0x000C03;
constexpr std::uint32_t oui_hdmi_forum = 0xC45DD8;

bool is_reduced_blanking(const DetailedTiming& t) {
    // CVT-RB v1: 160-pixel blank, 48 front porch, 32 sync; v2: 80-pixel blank, 8 front porch, 32 sync.
    return (t.h_blanking == 160 && t.h_front_porch == 48 && t.h_sync_width == 32) ||
           (t.h_blanking == 80 && t.h_front_porch == 8 && t.h_sync_width == 32);
}

void decode_hdmi(std::span<const std::uint8_t> payload, CtaExtension& cta) {
    HdmiVsdb hdmi;
    if (payload.size() >= 5)
        hdmi.physical_address = text_format("%d.%d.%d.%d", payload[3] >> 4, payload[3] & 0x0F, payload[4] >> 4, payload[4] & 0x0F);
    if (payload.size() >= 6) {
        hdmi.supports_ai = (payload[5] & 0x80) != 0;
        hdmi.deep_color_48 = (payload[5] & 0x40) != 0;
        hdmi.deep_color_36 = (payload[5] & 0x20) != 0;
        hdmi.deep_color_30 = (payload[5] & 0x10) != 0;
    }
    if (payload.size() >= 7) hdmi.max_tmds_mhz = static_cast<std::uint16_t>(payload[6] * 5);
    cta.hdmi = hdmi;
}

void decode_hdmi_forum(std::span<const std::uint8_t> payload, CtaExtension& cta) {
    HdmiForumVsdb forum;
    if (payload.size() >= 4) forum.version = payload[3];
    if (payload.size() >= 5) forum.max_tmds_character_rate_mhz = static_cast<std::uint16_t>(payload[4] * 5);
    if (payload.size() >= 6) forum.scdc_present = (payload[5] & 0x80) != 0;
    cta.hdmi_forum = forum;
}

void decode_data_block(std::uint8_t tag, std::span<const std::uint8_t> payload, CtaExtension& cta) {
    CtaDataBlock block;
    block.tag = tag;
    block.length = payload.size();
    switch (tag) {
        case 1:
            block.kind = "audio";
            for (std::size_t i = 0; i + 3 <= payload.size(); i += 3)
                cta.audio.push_back(ShortAudioDescriptor{static_cast<std::uint8_t>((payload[i] >> 3) & 0x0F),
                                                         static_cast<std::uint8_t>((payload[i] & 0x07) + 1),
                                                         static_cast<std::uint8_t>(payload[i + 1] & 0x7F), payload[i + 2]});
            break;
        case 2:
            block.kind = "video";
            for (auto code : payload) {
                // Codes 129-192 carry the native flag in bit 7; 193-253 are 8-bit VICs; 0, 128, 254, 255 are reserved.
                if (code == 0 || code == 128 || code >= 254) continue;
                const bool native = code >= 129 && code <= 192;
                cta.video.push_back(ShortVideoDescriptor{static_cast<std::uint8_t>(native ? code & 0x7F : code), native});
            }
            break;
        case 3:
            block.kind = "vendor_specific";
            if (payload.size() >= 3) {
                const std::uint32_t oui = payload[0] | (payload[1] << 8) | (payload[2] << 16);
                block.oui = oui;
                if (oui == oui_hdmi) decode_hdmi(payload, cta);
                if (oui == oui_hdmi_forum) decode_hdmi_forum(payload, cta);
            }
            break;
        case 4:
            block.kind = "speaker_allocation";
            if (payload.size() >= 3) cta.speaker_allocation = payload[0] | (payload[1] << 8) | (payload[2] << 16);
            break;
        case 5: block.kind = "vesa_dtc"; break;
        case 7:
            block.kind = "extended";
            if (!payload.empty()) block.extended_tag = payload[0];
            break;
        default: block.kind = "reserved";
    }
    cta.data_blocks.push_back(block);
}

}  // namespace

DetailedTiming decode_detailed_timing(std::span<const std::uint8_t, 18> d) {
    DetailedTiming t;
    t.pixel_clock_khz = static_cast<std::uint32_t>(d[0] | (d[1] << 8)) * 10;
    t.h_active = static_cast<std::uint16_t>(d[2] | ((d[4] & 0xF0) << 4));
    t.h_blanking = static_cast<std::uint16_t>(d[3] | ((d[4] & 0x0F) << 8));
    t.v_active = static_cast<std::uint16_t>(d[5] | ((d[7] & 0xF0) << 4));
    t.v_blanking = static_cast<std::uint16_t>(d[6] | ((d[7] & 0x0F) << 8));
    t.h_front_porch = static_cast<std::uint16_t>(d[8] | ((d[11] & 0xC0) << 2));
    t.h_sync_width = static_cast<std::uint16_t>(d[9] | ((d[11] & 0x30) << 4));
    t.v_front_porch = static_cast<std::uint16_t>((d[10] >> 4) | ((d[11] & 0x0C) << 2));
    t.v_sync_width = static_cast<std::uint16_t>((d[10] & 0x0F) | ((d[11] & 0x03) << 4));
    t.image_width_mm = static_cast<std::uint16_t>(d[12] | ((d[14] & 0xF0) << 4));
    t.image_height_mm = static_cast<std::uint16_t>(d[13] | ((d[14] & 0x0F) << 8));
    t.h_border = d[15];
    t.v_border = d[16];
    const std::uint8_t flags = d[17];
    t.interlaced = (flags & 0x80) != 0;
    t.stereo = (flags & 0x60) != 0;
    switch ((flags >> 3) & 0x03) {
        case 0: t.sync = "analog composite"; break;
        case 1: t.sync = "bipolar analog composite"; break;
        case 2:
            t.sync = "digital composite";
            t.h_sync_positive = (flags & 0x02) != 0;
            break;
        default:
            t.sync = "digital separate";
            t.v_sync_positive = (flags & 0x04) != 0;
            t.h_sync_positive = (flags & 0x02) != 0;
    }
    const std::uint64_t total = (std::uint64_t{t.h_active} + t.h_blanking) * (std::uint64_t{t.v_active} + t.v_blanking);
    if (total > 0) t.refresh_mhz = static_cast<std::uint32_t>((std::uint64_t{t.pixel_clock_khz} * 1'000'000 + total / 2) / total);
    t.reduced_blanking = is_reduced_blanking(t);
    return t;
}

std::string descriptor_text(std::span<const std::uint8_t> bytes) {
    std::string text;
    for (auto byte : bytes) {
        if (byte == 0x0A || byte == 0x00) break;
        if (byte >= 0x20 && byte < 0x7F) {
            text += static_cast<char>(byte);
        } else if (byte >= 0xA0) {  // Latin-1 letter: two-byte UTF-8
            text += static_cast<char>(0xC0 | (byte >> 6));
            text += static_cast<char>(0x80 | (byte & 0x3F));
        } else {
            text += '?';
        }
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

CtaExtension decode_cta(std::span<const std::uint8_t, 128> block, std::size_t present, std::vector<Quirk>& quirks) {
    CtaExtension cta;
    cta.revision = block[1];
    const std::size_t dtd_offset = block[2];
    if (cta.revision >= 2) {
        cta.underscan = (block[3] & 0x80) != 0;
        cta.basic_audio = (block[3] & 0x40) != 0;
        cta.ycbcr444 = (block[3] & 0x20) != 0;
        cta.ycbcr422 = (block[3] & 0x10) != 0;
        cta.native_dtd_count = block[3] & 0x0F;
    }
    // Byte 2: 0 = no DTDs and no data blocks; 4 = DTDs only; otherwise data blocks run up to it.
    if (dtd_offset == 0) return cta;
    if (dtd_offset < 4 || dtd_offset > 127) {
        quirks.push_back(Quirk{"bad_cta_block", text_format("CTA-861 byte 2 (DTD offset) is %zu", dtd_offset)});
        return cta;
    }
    std::size_t at = 4;
    if (cta.revision >= 3) {
        while (at < dtd_offset) {
            const std::uint8_t tag = block[at] >> 5;
            const std::size_t length = block[at] & 0x1F;
            if (at + 1 + length > present) break;  // cut off by truncation (already a quirk)
            if (at + 1 + length > dtd_offset) {
                quirks.push_back(Quirk{"bad_cta_block", text_format("CTA-861 data block at byte %zu runs past the DTD offset %zu", at, dtd_offset)});
                break;
            }
            decode_data_block(tag, block.subspan(at + 1, length), cta);
            at += 1 + length;
        }
    }
    for (at = dtd_offset; at + 18 <= std::min<std::size_t>(127, present); at += 18) {
        std::span<const std::uint8_t, 18> d{block.data() + at, 18};
        if (d[0] == 0 && d[1] == 0) break;
        cta.detailed_timings.push_back(decode_detailed_timing(d));
    }
    return cta;
}

}  // namespace kiosk::host::edid_detail
