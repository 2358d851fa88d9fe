// The decoder on blobs built field by field: every value checked here was written by the builder.
#include <doctest/doctest.h>

#include "edid_builder.h"
#include "host/edid.h"

using kiosk::host::decode_edid;
using kiosk::host::Edid;
using namespace kiosk::test;

namespace {

Edid decode(const std::vector<std::uint8_t>& bytes) {
    auto edid = decode_edid(bytes);
    REQUIRE_MESSAGE(edid.has_value(), (edid ? "" : edid.error().message));
    return *edid;
}

EdidBuilder monitor() {
    EdidBuilder b;
    b.manufacturer("DEL").product(0xA0C3).serial(0x4C354641).date(35, 2018).size_cm(53, 30);
    b.timing(0, mode_1080p60).serial_string(1, "7MT0186B0KKL").range(2, 56, 76, 30, 83, 170).name(3, "DELL P2419H");
    return b;
}

}  // namespace

TEST_CASE("edid decode: identity, date, size and descriptors of a monitor") {
    const auto edid = decode(monitor().bytes());
    CHECK(edid.header_ok);
    CHECK(edid.checksum_ok());
    CHECK(edid.manufacturer == "DEL");
    CHECK(edid.product_code == 0xA0C3);
    CHECK(edid.serial_number == 0x4C354641);
    CHECK(edid.week == 35);
    CHECK(edid.year == 2018);
    CHECK_FALSE(edid.model_year);
    CHECK(edid.version == 1);
    CHECK(edid.revision == 3);
    CHECK(edid.digital);
    CHECK(edid.width_cm == 53);
    CHECK(edid.height_cm == 30);
    REQUIRE(edid.gamma);
    CHECK(*edid.gamma == doctest::Approx(2.2));
    CHECK(edid.name == "DELL P2419H");
    CHECK(edid.serial_string == "7MT0186B0KKL");
    CHECK(edid.established_timings == std::vector<std::string>{"640x480@60", "800x600@60"});
    CHECK(edid.standard_timings.empty());
    CHECK(edid.descriptors[0].kind == "detailed_timing");
    CHECK(edid.descriptors[1].kind == "serial_string");
    CHECK(edid.descriptors[2].kind == "range_limits");
    CHECK(edid.descriptors[3].kind == "monitor_name");
    REQUIRE(edid.range_limits);
    CHECK(edid.range_limits->min_v_hz == 56);
    CHECK(edid.range_limits->max_v_hz == 76);
    CHECK(edid.range_limits->min_h_khz == 30);
    CHECK(edid.range_limits->max_h_khz == 83);
    CHECK(edid.range_limits->max_pixel_clock_mhz == 170);
    CHECK(edid.chromaticity[6] == doctest::Approx(0.3134).epsilon(0.01));  // white x written as 0x50 + low bits
    CHECK(edid.quirks.empty());
    CHECK(edid.extensions.empty());
}

TEST_CASE("edid decode: detailed timing fields, refresh and reduced blanking") {
    const auto edid = decode(monitor().timing(1, mode_1080p60_rb).bytes());
    REQUIRE(edid.detailed_timings.size() == 2);
    const auto& t = edid.detailed_timings[0];
    CHECK(t.pixel_clock_khz == 148'500);
    CHECK(t.h_active == 1920);
    CHECK(t.h_blanking == 280);
    CHECK(t.h_front_porch == 88);
    CHECK(t.h_sync_width == 44);
    CHECK(t.v_active == 1080);
    CHECK(t.v_blanking == 45);
    CHECK(t.v_front_porch == 4);
    CHECK(t.v_sync_width == 5);
    CHECK(t.image_width_mm == 531);
    CHECK(t.image_height_mm == 299);
    CHECK(t.refresh_mhz == 60'000);
    CHECK(t.sync == "digital separate");
    CHECK(t.h_sync_positive);
    CHECK(t.v_sync_positive);
    CHECK_FALSE(t.reduced_blanking);
    const auto& rb = edid.detailed_timings[1];
    CHECK(rb.reduced_blanking);
    CHECK(rb.h_sync_positive);
    CHECK_FALSE(rb.v_sync_positive);
    CHECK(rb.refresh_mhz / 1000 == 59);
    REQUIRE(edid.preferred_timing());
    CHECK(edid.preferred_timing()->h_active == 1920);
}

TEST_CASE("edid decode: week 255 means model year — EDID 1.4 range-limit offsets add 255") {
    auto b = monitor();
    b.date(255, 2016).version(1, 4).range(2, 48, 144, 30, 160, 600, 0x02);
    const auto edid = decode(b.bytes());
    CHECK(edid.model_year);
    CHECK(edid.year == 2016);
    REQUIRE(edid.range_limits);
    CHECK(edid.range_limits->min_v_hz == 48);
    CHECK(edid.range_limits->max_v_hz == 144 + 255);
}

TEST_CASE("edid decode: CTA-861 video (with native flag), audio, HDMI VSDB and extension DTDs") {
    auto b = monitor();
    b.cta({video_block({0x90, 4, 31, 19}), audio_block_lpcm_2ch(), hdmi_block(225)}, {mode_720p60});
    const auto edid = decode(b.bytes());
    CHECK(edid.extension_count == 1);
    REQUIRE(edid.extensions.size() == 1);
    const auto& ext = edid.extensions[0];
    CHECK(ext.kind == "cta861");
    CHECK(ext.checksum_ok);
    REQUIRE(ext.cta);
    const auto& cta = *ext.cta;
    CHECK(cta.revision == 3);
    CHECK(cta.basic_audio);
    REQUIRE(cta.video.size() == 4);
    CHECK(cta.video[0].vic == 16);
    CHECK(cta.video[0].native);
    CHECK(cta.video[1].vic == 4);
    CHECK_FALSE(cta.video[1].native);
    REQUIRE(cta.audio.size() == 1);
    CHECK(cta.audio[0].format == 1);
    CHECK(cta.audio[0].max_channels == 2);
    REQUIRE(cta.hdmi);
    CHECK(cta.hdmi->physical_address == "1.0.0.0");
    CHECK(cta.hdmi->max_tmds_mhz == 225);
    REQUIRE(cta.detailed_timings.size() == 1);
    CHECK(cta.detailed_timings[0].h_active == 1280);
    CHECK(cta.data_blocks.size() == 3);
    CHECK(edid.quirks.empty());
}

TEST_CASE("edid decode: a wrong base checksum is a quirk, not an error") {
    auto bytes = monitor().bytes();
    bytes[127] ^= 0x5A;
    const auto edid = decode(bytes);
    CHECK_FALSE(edid.base_checksum_ok);
    CHECK_FALSE(edid.checksum_ok());
    CHECK(edid.has_quirk("base_checksum"));
    CHECK(edid.name == "DELL P2419H");
}

TEST_CASE("edid decode: a wrong extension checksum is flagged on that block") {
    auto bytes = monitor().cta({video_block({4})}).bytes();
    bytes[255] ^= 0x01;
    const auto edid = decode(bytes);
    CHECK(edid.base_checksum_ok);
    REQUIRE(edid.extensions.size() == 1);
    CHECK_FALSE(edid.extensions[0].checksum_ok);
    CHECK(edid.has_quirk("extension_checksum"));
    CHECK_FALSE(edid.checksum_ok());
}

TEST_CASE("edid decode: an extension declared but not supplied") {
    const auto edid = decode(monitor().declared_extensions(1).bytes());
    CHECK(edid.size == 128);
    CHECK(edid.extension_count == 1);
    CHECK(edid.extensions.empty());
    CHECK(edid.has_quirk("extension_missing"));
    CHECK(edid.checksum_ok());
}

TEST_CASE("edid decode: an all-zero second block with the extension flag set") {
    auto bytes = monitor().declared_extensions(1).bytes();
    bytes.resize(256, 0);
    const auto edid = decode(bytes);
    REQUIRE(edid.extensions.size() == 1);
    CHECK(edid.extensions[0].kind == "empty");
    CHECK(edid.has_quirk("zero_extension_block"));
    CHECK_FALSE(edid.has_quirk("extension_missing"));
}

TEST_CASE("edid decode: a blob truncated inside its extension decodes what is there") {
    auto bytes = monitor().cta({video_block({0x90, 4})}, {mode_720p60}).bytes();
    bytes.resize(128 + 20);
    const auto edid = decode(bytes);
    REQUIRE(edid.extensions.size() == 1);
    CHECK_FALSE(edid.extensions[0].complete);
    CHECK_FALSE(edid.extensions[0].checksum_ok);
    CHECK(edid.has_quirk("extension_truncated"));
    REQUIRE(edid.extensions[0].cta);
    CHECK(edid.extensions[0].cta->video.size() == 2);
    CHECK(edid.extensions[0].cta->detailed_timings.empty());  // the DTD was cut off
}

TEST_CASE("edid decode: bytes beyond the declared blocks are reported, a length not a multiple of 128 too") {
    auto padded = monitor().bytes();
    padded.resize(256, 0);
    CHECK(decode(padded).has_quirk("trailing_bytes"));
    CHECK(decode(padded).extensions.empty());

    auto odd = monitor().cta({video_block({4})}).bytes();
    odd.resize(300, 0xAB);
    const auto edid = decode(odd);
    CHECK(edid.extensions.size() == 1);
    CHECK(edid.has_quirk("trailing_bytes"));

    auto undeclared = monitor().cta({video_block({4})}).declared_extensions(0).bytes();
    const auto extra = decode(undeclared);
    CHECK(extra.has_quirk("undeclared_extension"));
    REQUIRE(extra.extensions.size() == 1);
    CHECK(extra.extensions[0].kind == "cta861");
}

TEST_CASE("edid decode: DisplayID and unknown extensions are identified and left opaque") {
    std::array<std::uint8_t, 128> displayid{};
    displayid[0] = 0x70;
    displayid[1] = 0x12;
    std::array<std::uint8_t, 128> unknown{};
    unknown[0] = 0x33;
    const auto edid = decode(monitor().extension(displayid).extension(unknown).bytes());
    REQUIRE(edid.extensions.size() == 2);
    CHECK(edid.extensions[0].kind == "displayid");
    CHECK_FALSE(edid.extensions[0].cta);
    CHECK(edid.extensions[1].kind == "unknown");
    CHECK(edid.checksum_ok());
}

TEST_CASE("edid decode: invalid manufacturer letters are shown as '@' and flagged") {
    auto bytes = monitor().bytes();
    bytes[8] = 0x80;  // reserved bit set, first letter 0
    bytes[9] = 0x00;
    const auto edid = decode(bytes);
    CHECK(edid.manufacturer == "@@@");
    CHECK(edid.has_quirk("invalid_manufacturer"));
}

TEST_CASE("edid decode: a damaged header is repaired when only a byte or two are off") {
    auto bytes = monitor().bytes();
    bytes[3] = 0xFE;
    const auto edid = decode(bytes);
    CHECK_FALSE(edid.header_ok);
    CHECK(edid.has_quirk("header_damaged"));
    CHECK(edid.manufacturer == "DEL");
}

TEST_CASE("edid decode: not an EDID is an error with a clear message") {
    const std::vector<std::uint8_t> short_blob(100, 0x00);
    auto too_short = decode_edid(short_blob);
    REQUIRE_FALSE(too_short);
    CHECK(too_short.error().message == "not an EDID: 100 bytes, a base block has 128");

    std::vector<std::uint8_t> garbage(256);
    for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<std::uint8_t>(i * 37 + 11);
    auto bad = decode_edid(garbage);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.starts_with("not an EDID: the first bytes are 0B 30 55"));

    CHECK_FALSE(decode_edid(std::vector<std::uint8_t>(128, 0)));
    CHECK_FALSE(decode_edid({}));
}

TEST_CASE("edid decode: a CTA block whose data blocks overrun the DTD offset is cut and flagged") {
    std::array<std::uint8_t, 128> block{};
    block[0] = 0x02;
    block[1] = 0x03;
    block[2] = 8;     // data blocks end at byte 8 ...
    block[4] = 0x4A;  // ... but this video block claims 10 bytes
    const auto edid = decode(monitor().extension(block).bytes());
    CHECK(edid.has_quirk("bad_cta_block"));
    REQUIRE(edid.extensions.size() == 1);
    REQUIRE(edid.extensions[0].cta);
    CHECK(edid.extensions[0].cta->video.empty());
}

TEST_CASE("edid decode: to_json carries the identity and the quirks") {
    const auto edid = decode(monitor().declared_extensions(1).bytes());
    const auto json = kiosk::host::to_json(edid);
    CHECK(json["manufacturer"] == "DEL");
    CHECK(json["product_code"] == "0xA0C3");
    CHECK(json["serial_number"] == "0x4C354641");
    CHECK(json["name"] == "DELL P2419H");
    CHECK(json["serial_string"] == "7MT0186B0KKL");
    CHECK(json["week"] == 35);
    CHECK(json["year"] == 2018);
    CHECK(json["checksum_ok"] == true);
    CHECK(json["extensions_declared"] == 1);
    CHECK(json["extensions"].empty());
    REQUIRE(json["quirks"].size() == 1);
    CHECK(json["quirks"][0]["code"] == "extension_missing");
    CHECK(json["detailed_timings"][0]["h_active"] == 1920);
    CHECK(json["range_limits"]["max_pixel_clock_mhz"] == 170);
}
