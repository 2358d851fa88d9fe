// `kiosk watch` from the command line: --replay of the checked-in recordings, bad input, and the live
// watch as a real process on a machine without udev events or input devices, stopped by a signal.
#include <doctest/doctest.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "host/input_recording.h"
#include "support.h"

using namespace kiosk;

namespace {

std::string fixture(const char* file) { return (test::fixtures() / "watch" / file).string(); }

std::vector<nlohmann::json> json_lines(const std::string& text) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

}  // namespace

TEST_CASE("kiosk watch --replay of a jiggler recording prints the finding and exits 1") {
    auto run = test::kiosk({"watch", "--replay", fixture("pikvm_jiggler.jsonl"), "--json"});
    CHECK(run.code == 1);
    auto lines = json_lines(run.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["event"] == "finding");
    CHECK(lines[0]["finding"]["rule"] == "kvm.input.jiggler_pikvm");
    CHECK(lines[0]["finding"]["evidence"]["device_path"] == "/dev/input/event6");
    CHECK(lines[1]["event"] == "summary");
    CHECK(lines[1]["findings"] == 1);
    CHECK(lines[1]["devices"] == 4);
}

TEST_CASE("kiosk watch --replay of human use finds nothing and exits 0 and --fail-on medium catches the anomaly") {
    auto human = test::kiosk({"watch", "--replay", fixture("human_mouse.jsonl")});
    CHECK(human.code == 0);
    CHECK(human.out.find("0 findings") != std::string::npos);
    auto anomaly = test::kiosk({"watch", "--replay", fixture("new_device_input.jsonl"), "--fail-on", "medium"});
    CHECK(anomaly.code == 1);
    CHECK(anomaly.out.find("anomaly.input.new_device_only") != std::string::npos);
}

TEST_CASE("kiosk watch with a bad recording or bad options: one line on stderr, exit 2, nothing on stdout") {
    test::TempDir dir;
    test::write_file(dir / "bad.jsonl", "{\"format\":\"kiosk-input-recording\",\"version\":1}\n{\"t\":1,\"type\":\"key\"}\n");
    const std::vector<std::vector<std::string>> cases{
        {"watch", "--replay", (dir / "bad.jsonl").string()},
        {"watch", "--replay", (dir / "missing.jsonl").string()},
        {"watch", "--replay", fixture("human_mouse.jsonl"), "--record", (dir / "out.jsonl").string()},
        {"watch", "--root", (dir / "nowhere").string()},
        {"watch", "--record", (dir / "no/such/dir/rec.jsonl").string()},
        {"watch", "--bogus"},
    };
    for (const auto& args : cases) {
        CAPTURE(args.back());
        auto run = test::kiosk(args);
        CHECK(run.code == 2);
        CHECK(run.out.empty());
        CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
        CHECK(run.err.starts_with("kiosk watch: "));
    }
    CHECK(test::kiosk({"watch", "--replay", (dir / "bad.jsonl").string()}).err ==
          "kiosk watch: " + (dir / "bad.jsonl").string() + ":2: missing 'device'\n");
}

TEST_CASE("kiosk watch as a process: says what it cannot watch and why, and stops cleanly on SIGTERM") {
    test::Child watch(KIOSK_BINARY, {"watch", "--json"});
    auto status = nlohmann::json::parse(watch.first_line(60), nullptr, false);
    REQUIRE_MESSAGE(status.is_object(), watch.output());
    CHECK(status["event"] == "status");
    std::error_code ignored;
    if (!std::filesystem::exists("/run/udev/control", ignored)) {
        bool hotplug = false;
        for (const auto& item : status["not_watching"])
            hotplug = hotplug || (item["what"] == "hot-plug" && item["why"].get<std::string>().find("udev is not running") != std::string::npos);
        CHECK(hotplug);
    }
    if (!std::filesystem::exists("/dev/input", ignored)) {
        bool input = false;
        for (const auto& item : status["not_watching"])
            input = input || (item["what"] == "input" && item["why"].get<std::string>().find("/dev/input does not exist") != std::string::npos);
        CHECK(input);
    }
    CHECK(watch.stop(SIGTERM, 20) == 0);
    auto lines = json_lines(watch.output());
    REQUIRE(lines.size() >= 2);
    CHECK(lines.back()["event"] == "stopped");
}

TEST_CASE("kiosk watch --root with --record stops on SIGINT and leaves a recording --replay reads") {
    test::TempDir dir;
    std::filesystem::create_directories(dir / "tree/dev/input");
    auto recording = (dir / "rec.jsonl").string();
    test::Child watch(KIOSK_BINARY, {"watch", "--root", (dir / "tree").string(), "--record", recording});
    auto first = watch.first_line(60);
    CHECK(first.find("not watching hot-plug: --root") != std::string::npos);
    CHECK(watch.stop(SIGINT, 20) == 0);
    CHECK(watch.output().find("stopped after 0 input events") != std::string::npos);
    auto replayed = test::kiosk({"watch", "--replay", recording, "--json"});
    CHECK(replayed.code == 0);
    CHECK(json_lines(replayed.out).back()["input_events"] == 0);
}
