// `kiosk camera --root` on the fixture trees in tests/fixtures/camera (media/README.md "Camera fixtures").
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "support.h"

using namespace kiosk::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path fixture(const std::string& name) { return fixtures() / "camera" / name; }

struct Judged {
    int code;
    json camera;  // the first (only) camera
    std::vector<std::string> rules;
};

Judged judge(const fs::path& root, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"camera", "--root", root.string(), "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto run = kiosk::test::kiosk(args);
    INFO(run.err);
    REQUIRE(run.err.empty());
    auto document = json::parse(run.out);
    REQUIRE(document["cameras"].size() == 1);
    Judged judged{run.code, document["cameras"][0], {}};
    for (const auto& finding : judged.camera["findings"]) judged.rules.push_back(finding["rule"]);
    return judged;
}

bool has(const Judged& judged, const std::string& rule) {
    return std::find(judged.rules.begin(), judged.rules.end(), rule) != judged.rules.end();
}

// A private copy of a fixture tree to edit (copies symlinks as symlinks).
fs::path copy_fixture(const TempDir& dir, const std::string& name) {
    fs::copy(fixture(name), dir.path() / name, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    return dir.path() / name;
}

void edit_probe(const fs::path& file, const std::function<void(json&)>& edit) {
    auto probe = json::parse(read_file(file));
    edit(probe);
    write_file(file, probe.dump(2));
}

}  // namespace

TEST_CASE("a real UVC webcam is physical, and its metadata node is folded into it") {
    auto judged = judge(fixture("uvc_webcam"));
    CHECK(judged.camera["verdict"] == "physical");
    CHECK(judged.camera["device"] == "/dev/video0");
    CHECK(judged.rules.empty());
    CHECK(judged.code == 0);
    CHECK(judged.camera["sensor_evidence"].size() >= 4);
}

TEST_CASE("v4l2loopback renamed Integrated Camera is virtual, on identity and topology, not names") {
    auto judged = judge(fixture("loopback_renamed"));
    CHECK(judged.camera["verdict"] == "virtual");
    CHECK(judged.camera["name"] == "Integrated Camera");
    CHECK(has(judged, "camera.v4l2loopback.identity"));
    CHECK(has(judged, "camera.virtual_parent"));
    CHECK(has(judged, "camera.loopback_controls"));
    CHECK(!has(judged, "camera.name.virtual"));
    CHECK(judged.code == 1);
}

TEST_CASE("v4l2loopback fed by OBS is virtual — the OBS name only corroborates") {
    auto judged = judge(fixture("loopback_obs"));
    CHECK(judged.camera["verdict"] == "virtual");
    CHECK(has(judged, "camera.name.virtual"));
    CHECK(has(judged, "camera.timestamps_copied"));
    CHECK(has(judged, "camera.single_mode"));
    for (const auto& finding : judged.camera["findings"])
        if (finding["rule"] == "camera.name.virtual") CHECK(finding["severity"] == "low");
}

TEST_CASE("renaming the OBS loopback changes the hints, not the verdict") {
    TempDir dir;
    auto root = copy_fixture(dir, "loopback_obs");
    edit_probe(root / "dev/video10.probe.json", [](json& probe) { probe["card"] = "HD Pro Webcam C920"; });
    write_file(root / "sys/devices/virtual/video4linux/video10/name", "HD Pro Webcam C920\n");
    auto judged = judge(root);
    CHECK(judged.camera["verdict"] == "virtual");
    CHECK(!has(judged, "camera.name.virtual"));
}

TEST_CASE("akvcam is virtual despite its emulated image controls") {
    auto judged = judge(fixture("akvcam"));
    CHECK(judged.camera["verdict"] == "virtual");
    CHECK(has(judged, "camera.akvcam.identity"));
    CHECK(has(judged, "camera.virtual_parent"));
    CHECK(!has(judged, "camera.loopback_controls"));
}

TEST_CASE("an MS2109 HDMI dongle presenting as a webcam is capture, whatever it is called") {
    auto judged = judge(fixture("ms2109_dongle"));
    CHECK(judged.camera["verdict"] == "capture");
    CHECK(has(judged, "camera.capture.usb_identity"));
    CHECK(judged.code == 1);

    TempDir dir;
    auto root = copy_fixture(dir, "ms2109_dongle");
    write_file(root / "sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/product", "HD Pro Webcam C920\n");
    edit_probe(root / "dev/video2.probe.json", [](json& probe) { probe["card"] = "HD Pro Webcam C920"; });
    CHECK(judge(root).camera["verdict"] == "capture");
}

TEST_CASE("an IPU6 camera relayed through v4l2loopback is unknown, with the reason") {
    auto judged = judge(fixture("ipu6_relay"));
    CHECK(judged.camera["verdict"] == "unknown");
    CHECK(has(judged, "camera.ipu_relay"));
    CHECK(judged.camera["explanation"].get<std::string>().find("relay") != std::string::npos);
    CHECK(judged.code == 0);  // medium: below the default --fail-on high

    SUBCASE("the same loopback without an IPU on the machine is virtual") {
        TempDir dir;
        auto root = copy_fixture(dir, "ipu6_relay");
        fs::remove_all(root / "sys/bus");
        fs::remove_all(root / "sys/module/intel_ipu6");
        auto plain = judge(root);
        CHECK(plain.camera["verdict"] == "virtual");
        CHECK(!has(plain, "camera.ipu_relay"));
    }
}

TEST_CASE("a UVC camera without hardware timing evidence is not called physical") {
    TempDir dir;
    auto root = copy_fixture(dir, "uvc_webcam");
    fs::remove(root / "sys/class/video4linux/video1");
    fs::remove(root / "dev/video1.probe.json");
    edit_probe(root / "dev/video0.probe.json", [](json& probe) { probe["timestamp_flags"] = nullptr; });
    auto judged = judge(root);
    CHECK(judged.camera["verdict"] == "unknown");
    CHECK(judged.rules.empty());
}

TEST_CASE("a UVC camera without sensor controls is not called physical") {
    TempDir dir;
    auto root = copy_fixture(dir, "uvc_webcam");
    edit_probe(root / "dev/video0.probe.json", [](json& probe) { probe["controls"] = json::array(); });
    auto judged = judge(root);
    CHECK(judged.camera["verdict"] == "unknown");
    CHECK(has(judged, "camera.no_sensor_controls"));
}

TEST_CASE("one device can be asked for, including a metadata node") {
    auto run = kiosk::test::kiosk({"camera", "/dev/video1", "--root", fixture("uvc_webcam").string(), "--json"});
    REQUIRE(run.code == 0);
    auto document = json::parse(run.out);
    REQUIRE(document["cameras"].size() == 1);
    CHECK(document["cameras"][0]["device"] == "/dev/video1");
    CHECK(document["cameras"][0]["verdict"] == "unknown");
}

TEST_CASE("human output names the verdict and the findings") {
    auto run = kiosk::test::kiosk({"camera", "--all", "--root", fixture("loopback_renamed").string()});
    CHECK(run.code == 1);
    CHECK(run.out.find("/dev/video0  \"Integrated Camera\"  virtual") != std::string::npos);
    CHECK(run.out.find("camera.v4l2loopback.identity") != std::string::npos);
}

TEST_CASE("bad camera input is one clear error and exit 2") {
    TempDir dir;
    auto expect_error = [](std::vector<std::string> args, const std::string& fragment) {
        auto run = kiosk::test::kiosk(args);
        CHECK(run.code == 2);
        CHECK(run.out.empty());
        CHECK_MESSAGE(run.err.find(fragment) != std::string::npos, run.err);
        CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    };
    expect_error({"camera", "--root", (dir / "absent").string()}, "not a directory");
    expect_error({"camera", "/dev/video7", "--root", fixture("uvc_webcam").string()}, "video7: not in");
    expect_error({"camera", "/dev/sda", "--root", fixture("uvc_webcam").string()}, "not a video device");
    expect_error({"camera", "/dev/video0", "--all"}, "not both");
    expect_error({"camera", "--root", fixture("uvc_webcam").string(), "--seconds", "2"}, "--seconds samples live");
    expect_error({"camera", "--seconds", "-1"}, "--seconds takes");
    expect_error({"camera", "--record-probe", (dir / "p.json").string(), "/dev/video-kiosk-absent"}, "cannot open");
    CHECK(!fs::exists(dir / "p.json"));

    auto root = copy_fixture(dir, "uvc_webcam");
    write_file(root / "dev/video0.probe.json", "{\"kiosk_probe\": 1, \"driver\": 7}");
    expect_error({"camera", "--root", root.string()}, "video0.probe.json: missing \"device\"");
    fs::remove(root / "dev/video0.probe.json");
    expect_error({"camera", "--root", root.string()}, "video0.probe.json: cannot read");
}
