// `kiosk edid`: JSON shape, human text, exit codes, bad files.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "edid_builder.h"
#include "support.h"

using kiosk::test::EdidBuilder;
using kiosk::test::TempDir;
using kiosk::test::hex_lines;
using kiosk::test::write_file;
using kiosk::test::mode_720p60;
using kiosk::test::mode_1080p60;

namespace {

EdidBuilder pikvm() {
    EdidBuilder b;
    b.manufacturer("LNX").product(0x7771).serial(0x01010101).date(35, 2016);
    b.timing(0, mode_720p60).range(1, 50, 75, 15, 82, 170).name(2, "PiKVM V3").serial_string(3, "CAFEBABE");
    return b;
}

EdidBuilder monitor() {
    EdidBuilder b;
    b.manufacturer("DEL").product(0xA0C3).timing(0, mode_1080p60).range(1, 56, 76, 30, 83, 170).name(2, "DELL P2419H");
    return b;
}

}  // namespace

TEST_CASE("kiosk edid --json: one entry per file with the decode and the findings") {
    TempDir dir;
    write_file(dir / "kvm.bin", pikvm().text_bytes());
    write_file(dir / "monitor.txt", hex_lines(monitor().bytes(), 16, " ", ""));
    auto run = kiosk::test::kiosk({"edid", "--json", (dir / "kvm.bin").string(), (dir / "monitor.txt").string()});
    CHECK(run.code == 1);  // critical finding, default --fail-on high
    CHECK(run.err.empty());
    const auto report = nlohmann::json::parse(run.out);
    REQUIRE(report.size() == 2);
    CHECK(report[0]["file"] == (dir / "kvm.bin").string());
    CHECK(report[0]["edid"]["manufacturer"] == "LNX");
    CHECK(report[0]["edid"]["product_code"] == "0x7771");
    CHECK(report[0]["edid"]["name"] == "PiKVM V3");
    CHECK(report[0]["edid"]["serial_string"] == "CAFEBABE");
    CHECK(report[0]["edid"]["week"] == 35);
    CHECK(report[0]["edid"]["year"] == 2016);
    CHECK(report[0]["edid"]["checksum_ok"] == true);
    CHECK(report[0]["edid"]["extensions"].empty());
    REQUIRE_FALSE(report[0]["findings"].empty());
    CHECK(report[0]["findings"][0]["category"] == "kvm");
    CHECK(report[0]["findings"][0]["subject"] == (dir / "kvm.bin").string());
    CHECK(report[0]["findings"][0].contains("evidence"));
    CHECK(report[1]["edid"]["name"] == "DELL P2419H");
    CHECK(report[1]["findings"].empty());
}

TEST_CASE("kiosk edid: --fail-on decides 0 or 1") {
    TempDir dir;
    write_file(dir / "kvm.bin", pikvm().text_bytes());
    write_file(dir / "monitor.bin", monitor().text_bytes());
    CHECK(kiosk::test::kiosk({"edid", (dir / "monitor.bin").string()}).code == 0);
    CHECK(kiosk::test::kiosk({"edid", "--fail-on", "critical", (dir / "kvm.bin").string()}).code == 1);
    auto bad_level = kiosk::test::kiosk({"edid", "--fail-on", "severe", (dir / "kvm.bin").string()});
    CHECK(bad_level.code == 2);
    CHECK(bad_level.err.find("--fail-on") != std::string::npos);
}

TEST_CASE("kiosk edid: human text names the display and the findings") {
    TempDir dir;
    write_file(dir / "kvm.bin", pikvm().text_bytes());
    auto run = kiosk::test::kiosk({"edid", (dir / "kvm.bin").string()});
    CHECK(run.out.find("LNX 0x7771 \"PiKVM V3\"") != std::string::npos);
    CHECK(run.out.find("preferred 1280x720 @ 60 Hz") != std::string::npos);
    CHECK(run.out.find("critical kvm kvm.pikvm.edid") != std::string::npos);
}

TEST_CASE("kiosk edid: a bad file gets an error entry, one stderr line and exit 2 — the others still decode") {
    TempDir dir;
    write_file(dir / "good.bin", monitor().text_bytes());
    write_file(dir / "garbage.bin", std::string(300, '\x07'));
    auto run = kiosk::test::kiosk({"edid", "--json", (dir / "good.bin").string(), (dir / "garbage.bin").string(),
                      (dir / "absent.bin").string()});
    CHECK(run.code == 2);
    const auto report = nlohmann::json::parse(run.out);
    REQUIRE(report.size() == 3);
    CHECK(report[0].contains("edid"));
    CHECK(std::string(report[1]["error"]).starts_with("not an EDID"));
    CHECK(report[2].contains("error"));
    CHECK(std::ranges::count(run.err, '\n') == 2);
    CHECK(run.err.starts_with("kiosk edid: " + (dir / "garbage.bin").string() + ": not an EDID"));
}

TEST_CASE("kiosk edid: a file name that is not UTF-8 is escaped in JSON and text, and the other files still decode") {
    TempDir dir;
    const auto good = (dir / "good.bin").string(), bad = (dir / "bad\xfe.bin").string();
    write_file(good, monitor().text_bytes());
    write_file(bad, monitor().text_bytes());
    auto run = kiosk::test::kiosk({"edid", "--json", good, bad});
    CHECK_MESSAGE(run.code == 0, run.err);
    const auto report = nlohmann::json::parse(run.out);
    REQUIRE(report.size() == 2);
    CHECK(report[0]["file"] == good);
    CHECK(report[1]["file"] == (dir / "bad\\xfe.bin").string());
    CHECK(report[1]["edid"]["name"] == "DELL P2419H");
    auto text = kiosk::test::kiosk({"edid", good, bad});
    CHECK(text.code == 0);
    CHECK(text.out.find((dir / "bad\\xfe.bin: DEL").string()) != std::string::npos);
    auto missing = kiosk::test::kiosk({"edid", (dir / "gone\xfe.bin").string()});
    CHECK(missing.code == 2);
    CHECK(missing.err.find("gone\\xfe.bin: cannot read") != std::string::npos);
}

TEST_CASE("kiosk edid: no files is bad usage") {
    auto run = kiosk::test::kiosk({"edid"});
    CHECK(run.code == 2);
    CHECK(run.out.empty());
    CHECK(run.err.find("kiosk edid:") == 0);
}
