// EDID input: raw bytes and the hex text people paste (sysfs dumps, xrandr --verbose, edid-decode).
#include <doctest/doctest.h>

#include "edid_builder.h"
#include "host/edid.h"
#include "support.h"

using kiosk::host::read_edid_input;
using namespace kiosk::test;

namespace {

std::vector<std::uint8_t> sample() {
    EdidBuilder b;
    b.manufacturer("GSM").product(0x5B7F).timing(0, mode_1080p60).name(3, "LG ULTRAFINE");
    b.cta({video_block({0x90, 4})});
    return b.bytes();
}

std::vector<std::uint8_t> read_fixture(const std::string& name) {
    auto bytes = read_edid_input(read_file(fixtures() / "edid" / name));
    REQUIRE_MESSAGE(bytes.has_value(), (bytes ? "" : bytes.error().message));
    return *bytes;
}

}  // namespace

TEST_CASE("edid input: raw bytes are taken as they are") {
    const auto bytes = sample();
    const auto read = read_edid_input(std::string(bytes.begin(), bytes.end()));
    REQUIRE(read);
    CHECK(*read == bytes);
}

TEST_CASE("edid input: plain hex as dumped from /sys (xxd -p, one long line, or with spaces)") {
    const auto bytes = sample();
    CHECK(read_edid_input(hex_lines(bytes, 30, "", "")) == bytes);        // xxd -p: 30 bytes a line
    CHECK(read_edid_input(hex_lines(bytes, 256, "", "")) == bytes);       // one line
    CHECK(read_edid_input(hex_lines(bytes, 16, " ", "")) == bytes);       // od -An -tx1 style
    CHECK(read_edid_input(hex_lines(bytes, 16, ", 0x", "0x")) == bytes);  // C array: 0x00, 0xff, …
}

TEST_CASE("edid input: xrandr --verbose output, the hex block after EDID:") {
    const auto bytes = sample();
    const std::string text = "HDMI-1 connected primary 1920x1080+0+0 (0x48) normal (normal left inverted right x axis y axis) 531mm x 299mm\n"
                             "\tIdentifier: 0x43\n\tTimestamp:  112233\n\tSubpixel:   unknown\n\tGamma:      1.0:1.0:1.0\n"
                             "\tBrightness: 1.0\n\tClones:    \n\tCRTC:       0\n\tCRTCs:      0\n"
                             "\tTransform:  1.000000 0.000000 0.000000\n\tEDID: \n" +
                             hex_lines(bytes, 16, "", "\t\t") +
                             "\tBroadcast RGB: Automatic \n\t\tsupported: Automatic, Full, Limited 16:235\n"
                             "  1920x1080 (0x48) 148.500MHz +HSync +VSync *current +preferred\n";
    const auto read = read_edid_input(text);
    REQUIRE(read);
    CHECK(*read == bytes);
}

TEST_CASE("edid input: edid-decode's hex dump") {
    const auto bytes = sample();
    const std::string text = "edid-decode (hex):\n\n" + hex_lines(bytes, 16, " ", "") +
                             "\n----------------\n\nBlock 0, Base EDID:\n  EDID Structure Version & Revision: 1.3\n"
                             "  Vendor & Product Identification:\n    Manufacturer: GSM\n";
    const auto read = read_edid_input(text);
    REQUIRE(read);
    CHECK(*read == bytes);
}

TEST_CASE("edid input: hexdump -C and xxd with offsets") {
    const auto bytes = sample();
    std::string hexdump;
    for (std::size_t row = 0; row < bytes.size(); row += 16) {
        const std::vector<std::uint8_t> line(bytes.begin() + static_cast<std::ptrdiff_t>(row),
                                             bytes.begin() + static_cast<std::ptrdiff_t>(row + 16));
        char offset[32];
        std::snprintf(offset, sizeof offset, "%08zx  ", row);
        auto hex = hex_lines(line, 16, " ", offset);
        hex.pop_back();
        hexdump += hex + "  |................|\n";
    }
    CHECK(read_edid_input(hexdump) == bytes);
}

TEST_CASE("edid input: the three checked-in paste formats decode to the same EDID") {
    const auto sysfs = read_fixture("sysfs_xxd.txt");
    CHECK(read_fixture("xrandr_verbose.txt") == sysfs);
    CHECK(read_fixture("edid_decode.txt") == sysfs);
    const auto edid = kiosk::host::decode_edid(sysfs);
    REQUIRE(edid);
    CHECK(edid->manufacturer == "GSM");
    CHECK(edid->name == "LG ULTRAFINE");
    CHECK(edid->checksum_ok());
}

TEST_CASE("edid input: text that is not hex is an error naming the line") {
    auto prose = read_edid_input("this is a shopping list\nmilk\n");
    REQUIRE_FALSE(prose);
    CHECK(prose.error().message.starts_with("line 1: not hex EDID data"));
    auto odd = read_edid_input("00ffffffffffff0\n");
    CHECK_FALSE(odd);
    auto label_only = read_edid_input("\tEDID: \n\tBroadcast RGB: Automatic\n");
    REQUIRE_FALSE(label_only);
    CHECK(label_only.error().message == "line 1: 'EDID:' is not followed by hex lines");
    CHECK_FALSE(read_edid_input(""));
    CHECK_FALSE(read_edid_input("\n\n  \n"));
}
