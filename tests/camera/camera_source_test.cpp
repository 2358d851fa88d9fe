// `kiosk camera --source`: the stream verdict on clips made with ffmpeg at test time.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "media/clips.h"
#include "support.h"

using namespace kiosk::test;
using nlohmann::json;

TEST_CASE("a noisy clip passes — a looped still fails with injection findings") {
    TempDir dir;
    auto noisy = kiosk::test::kiosk({"camera", "--source", noisy_clip(dir.path(), 2).string(), "--json"});
    REQUIRE(noisy.err.empty());
    auto passed = json::parse(noisy.out);
    CHECK(passed["verdict"] == "pass");
    CHECK(passed["findings"].empty());
    CHECK(noisy.code == 0);
    CHECK(passed["signals"]["injection.zero_temporal_diff"]["confidence"] == 1.0);

    auto still = kiosk::test::kiosk({"camera", "--source", still_loop_clip(dir.path(), 2).string(), "--json"});
    auto failed = json::parse(still.out);
    CHECK(failed["verdict"] == "fail");
    CHECK(still.code == 1);
    REQUIRE(!failed["findings"].empty());
    for (const auto& finding : failed["findings"]) CHECK(finding["category"] == "injection");
    CHECK(failed["findings"][0]["rule"] == "injection.frozen_frames");
    CHECK(failed["source"] == (dir / "still_loop.mkv").string());
    for (auto key : {"value", "confidence"}) CHECK(failed["signals"]["injection.frozen_frames"].contains(key));
}

TEST_CASE("frame-doubled and re-encoded clips go to review") {
    TempDir dir;
    auto doubled = json::parse(kiosk::test::kiosk({"camera", "--source", doubled_clip(dir.path(), 2).string(), "--json"}).out);
    CHECK(doubled["verdict"] == "review");
    bool duplicates = false;
    for (const auto& finding : doubled["findings"]) duplicates |= finding["rule"] == "injection.duplicate_frames";
    CHECK(duplicates);
    auto reencoded = json::parse(kiosk::test::kiosk({"camera", "--source", reencoded_clip(dir.path(), 2).string(), "--json"}).out);
    CHECK(reencoded["verdict"] == "review");
}

TEST_CASE("--seconds limits how much of the stream is read") {
    TempDir dir;
    auto clip = noisy_clip(dir.path(), 3);
    auto report = json::parse(kiosk::test::kiosk({"camera", "--source", clip.string(), "--seconds", "1", "--json"}).out);
    CHECK(report["frames"] == 30);
}

TEST_CASE("broken sources are one clear error and exit 2") {
    TempDir dir;
    write_file(dir / "garbage.mp4", std::string(5000, '\x17'));
    write_file(dir / "empty.mkv", "");
    for (const auto& source : {(dir / "garbage.mp4").string(), (dir / "empty.mkv").string(), (dir / "none.mp4").string(),
                               std::string("gopher://x/y"), std::string("screen:bad")}) {
        auto run = kiosk::test::kiosk({"camera", "--source", source});
        CHECK(run.code == 2);
        CHECK(run.out.empty());
        CHECK(run.err.starts_with("kiosk camera: "));
        CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    }
    auto both = kiosk::test::kiosk({"camera", "--source", "x.mp4", "--root", dir.path().string()});
    CHECK(both.code == 2);
}
