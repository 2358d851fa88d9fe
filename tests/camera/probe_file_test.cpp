// The probe-file reader treats its input as hostile; the writer never leaves half a file.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "media/probe_file.h"
#include "support.h"

using namespace kiosk::test;
using nlohmann::json;

namespace {

std::string fixture_probe() {
    return read_file(fixtures() / "camera/uvc_webcam/dev/video0.probe.json");
}

std::string error_for(const std::function<void(json&)>& edit) {
    auto document = json::parse(fixture_probe());
    edit(document);
    auto probe = media::parse_probe(document.dump(), "p.json");
    REQUIRE(!probe);
    return probe.error().message;
}

}  // namespace

TEST_CASE("a recorded probe reads back field for field") {
    auto probe = media::parse_probe(fixture_probe(), "video0.probe.json");
    REQUIRE(probe);
    CHECK(probe->driver == "uvcvideo");
    CHECK(probe->bus_info == "usb-0000:00:14.0-8");
    CHECK(probe->device_caps == 0x04200001);
    CHECK(probe->has(V4L2_CAP_VIDEO_CAPTURE));
    CHECK(!probe->has(V4L2_CAP_READWRITE));
    REQUIRE(probe->formats.size() == 2);
    CHECK(probe->formats[0].fourcc == "MJPG");
    CHECK(probe->formats[0].sizes[0].width == 1280);
    CHECK(probe->formats[0].sizes[0].intervals.discrete[0].fps() == 30);
    CHECK(probe->control(V4L2_CID_EXPOSURE_ABSOLUTE) != nullptr);
    CHECK(probe->timestamp_flags == 0x00012000u);

    // Writing and reading again gives the same document.
    TempDir dir;
    REQUIRE(media::write_probe_file(dir / "again.json", *probe));
    auto again = media::read_probe_file(dir / "again.json");
    REQUIRE(again);
    CHECK(media::probe_to_json(*again) == media::probe_to_json(*probe));
    CHECK(!std::filesystem::exists(dir / "again.json.partial"));
}

TEST_CASE("ranged sizes and intervals round-trip") {
    media::V4l2Probe probe;
    probe.device = "/dev/video9";
    probe.driver = "v4l2 loopback";
    media::V4l2FrameSize size;
    size.type = media::V4l2RangeType::continuous;
    size.width = 2, size.height = 1, size.max_width = 8192, size.max_height = 8192, size.step_width = 1,
    size.step_height = 1;
    size.intervals.type = media::V4l2RangeType::continuous;
    size.intervals.min = {1, 1000};
    size.intervals.max = {1, 1};
    size.intervals.step = {1, 1};
    probe.formats.push_back({"YUYV", "YUYV 4:2:2", 0, {size}});
    auto text = media::probe_to_json(probe).dump();
    auto back = media::parse_probe(text, "p.json");
    REQUIRE(back);
    CHECK(back->formats[0].sizes[0].type == media::V4l2RangeType::continuous);
    CHECK(back->formats[0].sizes[0].max_width == 8192);
    CHECK(back->formats[0].sizes[0].intervals.min.denominator == 1000);
    CHECK(!back->timestamp_flags);
}

TEST_CASE("bad probe files name the field that is wrong") {
    CHECK(media::parse_probe("{not json", "p.json").error().message == "p.json: not valid JSON");
    CHECK(media::parse_probe("[]", "p.json").error().message == "p.json: top level: expected an object");
    CHECK(error_for([](json& d) { d["kiosk_probe"] = 2; }).find("version 2 is not supported") != std::string::npos);
    CHECK(error_for([](json& d) { d.erase("driver"); }) == "p.json: missing \"driver\"");
    CHECK(error_for([](json& d) { d["card"] = 5; }) == "p.json: card: expected a string");
    CHECK(error_for([](json& d) { d["card"] = std::string(300, 'x'); }) == "p.json: card: longer than 256 characters");
    CHECK(error_for([](json& d) { d["capabilities"] = "0xZZ"; }) == "p.json: capabilities: bad hex digit");
    CHECK(error_for([](json& d) { d["capabilities"] = -1; }) == "p.json: capabilities: out of range");
    CHECK(error_for([](json& d) { d["capabilities"] = 1e30; }) == "p.json: capabilities: expected a number");
    CHECK(error_for([](json& d) { d["formats"][1]["sizes"][2]["width"] = "wide"; }) ==
          "p.json: formats[1].sizes[2].width: expected a number or a 0x… hex string");
    CHECK(error_for([](json& d) { d["formats"][0]["sizes"][0]["intervals"]["values"][0] = json::array({1}); }) ==
          "p.json: formats[0].sizes[0].intervals.values[0]: expected [numerator, denominator]");
    CHECK(error_for([](json& d) { d["formats"][0]["sizes"][0]["type"] = "fractal"; }) ==
          "p.json: formats[0].sizes[0].type: expected discrete, stepwise or continuous");
    CHECK(error_for([](json& d) { d["formats"][0]["fourcc"] = "TOOLONG"; }) ==
          "p.json: formats[0].fourcc: expected 1-4 characters");
    CHECK(error_for([](json& d) { d["controls"][0]["minimum"] = 10; d["controls"][0]["maximum"] = 1; }) ==
          "p.json: controls[0]: minimum above maximum");
    CHECK(error_for([](json& d) { d["controls"] = json::array(); for (int i = 0; i < 5000; ++i) d["controls"].push_back(1); }) ==
          "p.json: controls: more than 4096 entries");
    CHECK(error_for([](json& d) { d["timestamp_flags"] = true; }) == "p.json: timestamp_flags: expected a number");
}

TEST_CASE("a probe file that cannot be read or is too large is refused") {
    TempDir dir;
    CHECK(media::read_probe_file(dir / "none.json").error().message.find("cannot read") != std::string::npos);
    write_file(dir / "big.json", std::string(5 << 20, ' '));
    CHECK(media::read_probe_file(dir / "big.json").error().message.find("larger than 4 MiB") != std::string::npos);
    CHECK(!media::write_probe_file(dir / "no/such/dir/p.json", media::V4l2Probe{}));
}
