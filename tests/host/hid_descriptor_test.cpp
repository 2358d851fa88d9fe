#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "host/hid_descriptor.h"

using kiosk::host::decode_hid_descriptor;

namespace {

std::vector<std::uint8_t> bytes(std::initializer_list<int> values) {
    std::vector<std::uint8_t> out;
    for (int v : values) out.push_back(static_cast<std::uint8_t>(v));
    return out;
}

// Linux gadget absolute mouse: X/Y 0..32767 with a 2-byte logical maximum.
const auto abs_mouse = bytes({0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x09, 0x01, 0xa1, 0x00, 0x05, 0x09, 0x19, 0x01, 0x29,
                              0x03, 0x15, 0x00, 0x25, 0x01, 0x95, 0x03, 0x75, 0x01, 0x81, 0x02, 0x95, 0x01, 0x75, 0x05,
                              0x81, 0x03, 0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x16, 0x00, 0x00, 0x26, 0xff, 0x7f, 0x75,
                              0x10, 0x95, 0x02, 0x81, 0x02, 0xc0, 0xc0});

}  // namespace

TEST_CASE("hid: an absolute mouse with its logical range") {
    auto hid = decode_hid_descriptor(abs_mouse);
    REQUIRE(hid);
    REQUIRE(hid->collections.size() == 1);
    const auto& c = hid->collections[0];
    CHECK(c.kind == "absolute_pointer");
    REQUIRE(c.x);
    CHECK(c.x->minimum == 0);
    CHECK(c.x->maximum == 32767);
    CHECK(to_string(*c.y) == "0..32767");
}

TEST_CASE("hid: a relative mouse is a mouse, with a signed range") {
    auto hid = decode_hid_descriptor(bytes({0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x09, 0x01, 0xa1, 0x00, 0x05, 0x01,
                                            0x09, 0x30, 0x09, 0x31, 0x15, 0x81, 0x25, 0x7f, 0x75, 0x08, 0x95, 0x02,
                                            0x81, 0x06, 0xc0, 0xc0}));
    REQUIRE(hid);
    REQUIRE(hid->collections.size() == 1);
    CHECK(hid->collections[0].kind == "mouse");
    CHECK(to_string(*hid->collections[0].x) == "-127..127");
}

TEST_CASE("hid: a logical maximum written unsigned is read unsigned when the minimum is 0") {
    // 0xFFFF in two bytes with minimum 0 means 65535, not -1.
    auto hid = decode_hid_descriptor(bytes({0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x05, 0x01, 0x09, 0x30, 0x09, 0x31,
                                            0x15, 0x00, 0x26, 0xff, 0xff, 0x75, 0x10, 0x95, 0x02, 0x81, 0x02, 0xc0}));
    REQUIRE(hid);
    CHECK(hid->collections[0].x->maximum == 65535);
}

TEST_CASE("hid: several top-level collections with report ids, usage ranges and 4-byte usages") {
    auto hid = decode_hid_descriptor(bytes({
        0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x85, 0x01, 0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7, 0x81, 0x02, 0xc0,  // keyboard id 1
        0x05, 0x0c, 0x09, 0x01, 0xa1, 0x01, 0x85, 0x03, 0x19, 0x00, 0x2a, 0xff, 0x03, 0x81, 0x00, 0xc0,        // consumer id 3
        0x0b, 0x04, 0x00, 0x0d, 0x00, 0xa1, 0x01, 0x85, 0x05, 0x05, 0x01, 0x19, 0x30, 0x29, 0x31,              // touch screen (4-byte usage)
        0x15, 0x00, 0x26, 0x00, 0x10, 0x81, 0x02, 0xc0,
        0x06, 0x00, 0xff, 0x09, 0x01, 0xa1, 0x01, 0x85, 0x10, 0x09, 0x01, 0x81, 0x00, 0xc0,                    // vendor id 0x10
        0x05, 0x01, 0x09, 0x80, 0xa1, 0x01, 0xc0,                                                              // system control
    }));
    REQUIRE(hid);
    REQUIRE(hid->collections.size() == 5);
    CHECK(hid->collections[0].kind == "keyboard");
    CHECK(hid->collections[0].report_ids == std::vector<std::uint8_t>{1});
    CHECK(hid->collections[1].kind == "consumer");
    CHECK(hid->collections[2].kind == "touchscreen");
    CHECK(to_string(*hid->collections[2].x) == "0..4096");  // usage range covering X and Y
    CHECK(hid->collections[3].kind == "vendor");
    CHECK(hid->collections[3].report_ids == std::vector<std::uint8_t>{0x10});
    CHECK(hid->collections[4].kind == "system_control");
}

TEST_CASE("hid: push and pop restore the global state — long items are skipped") {
    auto hid = decode_hid_descriptor(bytes({0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x15, 0x00, 0x26, 0xff, 0x7f,
                                            0xa4,                                      // push (0..32767)
                                            0x15, 0x81, 0x25, 0x7f,                    // -127..127
                                            0xb4,                                      // pop
                                            0xfe, 0x02, 0x10, 0xaa, 0xbb,              // long item, 2 data bytes
                                            0x09, 0x30, 0x81, 0x02, 0xc0}));
    REQUIRE(hid);
    CHECK(to_string(*hid->collections[0].x) == "0..32767");
    CHECK(hid->collections[0].kind == "absolute_pointer");
}

TEST_CASE("hid: malformed descriptors are errors naming the byte, never a crash") {
    auto truncated = decode_hid_descriptor(bytes({0x05, 0x01, 0x26, 0xff}));
    REQUIRE_FALSE(truncated);
    CHECK(truncated.error().message == "HID descriptor: item runs past the end at byte 2");
    auto pop = decode_hid_descriptor(bytes({0xb4}));
    REQUIRE_FALSE(pop);
    CHECK(pop.error().message.find("pop without push") != std::string::npos);
    CHECK_FALSE(decode_hid_descriptor(bytes({0xc0})));                    // end without collection
    CHECK_FALSE(decode_hid_descriptor(bytes({0xa1, 0x01})));              // never closed
    CHECK_FALSE(decode_hid_descriptor(bytes({0xfe, 0x05, 0x00, 0x01})));  // long item past the end
    std::vector<std::uint8_t> deep(80, 0xa1);                             // nesting bomb
    CHECK_FALSE(decode_hid_descriptor(deep));
    std::vector<std::uint8_t> pushes(40, 0xa4);
    CHECK_FALSE(decode_hid_descriptor(pushes));
    CHECK(decode_hid_descriptor({})->collections.empty());
}
