#include <doctest/doctest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "support.h"


namespace {

kiosk::test::Run run_cli(std::vector<std::string> args) { return kiosk::test::kiosk(std::move(args)); }

bool make_clip(const std::string& args, const std::filesystem::path& out) {
    std::string command = "ffmpeg -v error -y " + args + " '" + out.string() + "' >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
}

}  // namespace

TEST_CASE("analyze cli: usage errors are one line and exit 2") {
    auto none = run_cli({"analyze"});
    CHECK(none.code == 2);
    CHECK(none.err.find("needs a SOURCE") != std::string::npos);
    CHECK(run_cli({"analyze", "x.mp4", "--seconds", "-1"}).code == 2);
    CHECK(run_cli({"analyze", "x.mp4", "--seconds", "abc"}).code == 2);
    CHECK(run_cli({"analyze", "x.mp4", "--threads", "0"}).code == 2);
    CHECK(run_cli({"analyze", "x.mp4", "--bogus"}).code == 2);
}

TEST_CASE("analyze cli: a missing or corrupt source is one line, exit 2, nothing on stdout") {
    kiosk::test::TempDir dir;
    auto missing = run_cli({"analyze", (dir / "missing.mp4").string(), "--json"});
    CHECK(missing.code == 2);
    CHECK(missing.out.empty());
    CHECK(std::count(missing.err.begin(), missing.err.end(), '\n') == 1);
    kiosk::test::write_file(dir / "garbage.mp4", std::string(4096, '\x5a'));
    auto garbage = run_cli({"analyze", (dir / "garbage.mp4").string(), "--json"});
    CHECK(garbage.code == 2);
    CHECK(garbage.out.empty());
}

TEST_CASE("analyze cli: a bad [vision] config value names the key") {
    kiosk::test::TempDir dir;
    kiosk::test::write_file(dir / "k.toml", "[vision]\nreview_threshold = 0.9\nfail_threshold = 0.5\n");
    auto run = run_cli({"analyze", "x.mp4", "--config", (dir / "k.toml").string()});
    CHECK(run.code == 2);
    CHECK(run.err.find("vision.fail_threshold") != std::string::npos);
    kiosk::test::write_file(dir / "m.toml", "[vision]\nlandmarks_model = \"/nonexistent/model.dat\"\n");
    auto no_model = run_cli({"analyze", "x.mp4", "--config", (dir / "m.toml").string()});
    CHECK(no_model.code == 2);
}

TEST_CASE("analyze cli: a clip without a face is analysed to `review` with figures") {
    kiosk::test::TempDir dir;
    auto clip = dir / "pattern.mp4";
    if (!make_clip("-f lavfi -i testsrc=size=320x240:rate=25 -t 2 -pix_fmt yuv420p", clip)) {
        MESSAGE("skipped: ffmpeg could not make a test clip");
        return;
    }
    auto run = run_cli({"analyze", clip.string(), "--json"});
    REQUIRE_MESSAGE(run.code == 0, run.err);
    auto j = nlohmann::json::parse(run.out);
    CHECK(j["frames"] == 50);
    CHECK(j["frames_with_face"] == 0);
    CHECK(j["verdict"] == "review");
    CHECK(j["reason"].get<std::string>().find("no usable face") != std::string::npos);
    CHECK(j["timeline"].size() == 2);
    CHECK(j["stats"]["fps"].get<double>() > 0);
    CHECK(j["stats"]["peak_rss_mb"].get<double>() > 0);
    CHECK(j["signals"].contains("boundary.color"));
    auto limited = run_cli({"analyze", clip.string(), "--json", "--seconds", "1"});
    CHECK(nlohmann::json::parse(limited.out)["frames"].get<int>() <= 26);
    auto text = run_cli({"analyze", clip.string(), "--timeline"});
    CHECK(text.out.find("verdict  review") != std::string::npos);
    CHECK(text.out.find("timeline") != std::string::npos);
}

TEST_CASE("analyze cli: a real face clip is analysed with every signal (shared data)") {
    auto data = kiosk::test::shared_data();
    if (!data) {
        MESSAGE("skipped: ../shared/data is absent");
        return;
    }
    auto run = run_cli({"analyze", (*data / "faces/real/dfl_Keanu_Reeves_0_left_original.mp4").string(), "--json",
                      "--seconds", "4"});
    REQUIRE_MESSAGE(run.code != 2, run.err);
    auto j = nlohmann::json::parse(run.out);
    CHECK(j["frames_with_face"].get<int>() > 60);
    CHECK(j["score"].get<double>() >= 0);
    CHECK(j["score"].get<double>() <= 1);
    for (auto id : {"boundary.color", "sharpness.mismatch", "noise.mismatch", "rppg.coherence", "landmarks.jitter"})
        CHECK(j["signals"][id]["confidence"].get<double>() > 0);
}

TEST_CASE("analyze cli: --seconds counts video time by timestamps, however fast the clip's frame rate") {
    kiosk::test::TempDir dir;
    auto clip = dir / "fast.mkv";
    if (!make_clip("-f lavfi -i testsrc2=size=160x120:rate=240 -t 1 -c:v ffv1", clip)) {
        MESSAGE("skipped: ffmpeg could not make a test clip");
        return;
    }
    auto run = run_cli({"analyze", clip.string(), "--seconds", "0.25", "--json"});
    REQUIRE_MESSAGE(run.code == 0, run.err);
    CHECK(nlohmann::json::parse(run.out)["frames"] == 60);  // t = 0 .. 0.2458: the frame at 0.25 is not analysed
    CHECK(run_cli({"analyze", "--help"}).out.find("counted by the\nframes' own timestamps") != std::string::npos);
}
