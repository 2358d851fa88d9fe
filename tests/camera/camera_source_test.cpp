// `kiosk camera --source`: the stream verdict on clips made with ffmpeg at test time.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "media/clips.h"
#include "media/loopback_port.h"
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

TEST_CASE("a frame-doubled clip goes to review, the noisy clip re-encoded with H.264 passes") {
    TempDir dir;
    auto doubled = json::parse(kiosk::test::kiosk({"camera", "--source", doubled_clip(dir.path(), 2).string(), "--json"}).out);
    CHECK(doubled["verdict"] == "review");
    bool duplicates = false;
    for (const auto& finding : doubled["findings"]) duplicates |= finding["rule"] == "injection.duplicate_frames";
    CHECK(duplicates);
    auto reencoded = kiosk::test::kiosk({"camera", "--source", h264_copy(noisy_clip(dir.path(), 2), 23).string(), "--json"});
    auto report = json::parse(reencoded.out);
    CHECK(report["verdict"] == "pass");
    CHECK(report["findings"].empty());
    CHECK(reencoded.code == 0);
}

TEST_CASE("--seconds limits how much of the stream is read") {
    TempDir dir;
    auto clip = noisy_clip(dir.path(), 3);
    auto report = json::parse(kiosk::test::kiosk({"camera", "--source", clip.string(), "--seconds", "1", "--json"}).out);
    CHECK(report["frames"] == 30);
}

namespace {

// `kiosk camera --source SOURCE` must refuse the source with one line naming the problem, exit 2.
void check_refused(const std::string& source, const std::string& expected, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {"camera", "--source", source};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto run = kiosk::test::kiosk(argv);
    CHECK_MESSAGE(run.code == 2, source);
    CHECK_MESSAGE(run.out.empty(), source);
    CHECK_MESSAGE(run.err.starts_with("kiosk camera: "), run.err);
    CHECK_MESSAGE(std::count(run.err.begin(), run.err.end(), '\n') == 1, run.err);
    CHECK_MESSAGE(run.err.find(expected) != std::string::npos, run.err << " should say " << expected);
}

}  // namespace

TEST_CASE("every broken source is one clear error and exit 2") {
    TempDir dir;
    write_file(dir / "garbage.mp4", std::string(5000, '\x17'));
    check_refused((dir / "garbage.mp4").string(), "garbage.mp4");
    write_file(dir / "notes.mp4", "a text file named as a video\n");
    check_refused((dir / "notes.mp4").string(), "notes.mp4");
    write_file(dir / "empty.mkv", "");
    check_refused((dir / "empty.mkv").string(), "empty file (0 bytes)");
    check_refused((dir / "none.mp4").string(), "no such file");
    check_refused(dir.path().string(), "is a directory");
    check_refused("gopher://x/y", "unsupported URL scheme");
    check_refused("screen:bad", "bad screen region");

    // Truncated: an mp4 with its index first, cut to a third.
    REQUIRE(make_clip(dir / "full.mp4", "-f lavfi -i testsrc2=s=160x120:r=30:d=3 -c:v libx264 -preset ultrafast "
                                        "-movflags +faststart"));
    write_file(dir / "cut.mp4", read_file(dir / "full.mp4").substr(0, read_file(dir / "full.mp4").size() / 3));
    check_refused((dir / "cut.mp4").string(), "truncated");

    // Corrupt: the coded pictures overwritten, the container intact.
    REQUIRE(make_clip(dir / "clip.mkv", "-f lavfi -i testsrc2=s=160x120:r=30:d=2 -c:v libx264 -preset ultrafast"));
    std::string bytes = read_file(dir / "clip.mkv");
    for (std::size_t at = bytes.size() / 5; at < bytes.size(); at += 7) bytes[at] = static_cast<char>(bytes[at] ^ 0x5a);
    write_file(dir / "corrupt.mkv", bytes);
    check_refused((dir / "corrupt.mkv").string(), "corrupt.mkv");

    // Unsupported codec: an AVI whose fourcc names no codec FFmpeg knows.
    REQUIRE(make_clip(dir / "clip.avi", "-f lavfi -i testsrc2=s=160x120:r=30:d=0.5 -c:v mjpeg"));
    std::string avi = read_file(dir / "clip.avi");
    for (auto at = avi.find("MJPG"); at != std::string::npos; at = avi.find("MJPG", at)) avi.replace(at, 4, "QQZZ");
    write_file(dir / "odd.avi", avi);
    check_refused((dir / "odd.avi").string(), "unsupported video codec");

    // Dead URL, and a peer that accepts and never sends (timeout from the config).
    write_file(dir / "kiosk.toml", "[camera]\ntimeout_seconds = 1\n");
    std::vector<std::string> config = {"--config", (dir / "kiosk.toml").string()};
    LoopbackPort closed(false);
    check_refused("http://127.0.0.1:" + std::to_string(closed.port()) + "/live", "cannot open", config);
    LoopbackPort silent(true);
    auto started = std::chrono::steady_clock::now();
    check_refused("tcp://127.0.0.1:" + std::to_string(silent.port()), "no answer within 1 s", config);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(4));

    auto both = kiosk::test::kiosk({"camera", "--source", "x.mp4", "--root", dir.path().string()});
    CHECK(both.code == 2);
}

namespace {

// Opens and closes the FIFO's write end from `after` on, until stopped: code that blocks opening the
// FIFO is set free (and seen to be late) instead of hanging the suite.
class FifoRescuer {
public:
    FifoRescuer(std::filesystem::path fifo, std::chrono::seconds after)
        : thread_([this, fifo = std::move(fifo), after] {
              const auto due = std::chrono::steady_clock::now() + after;
              while (!stop_) {
                  if (std::chrono::steady_clock::now() >= due) {
                      if (int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK); fd >= 0) ::close(fd);
                  }
                  std::this_thread::sleep_for(std::chrono::milliseconds(50));
              }
          }) {}
    ~FifoRescuer() {
        stop_ = true;
        thread_.join();
    }

private:
    std::atomic<bool> stop_ = false;
    std::thread thread_;
};

}  // namespace

TEST_CASE("a FIFO or a device given as a video file is refused at once, one line and exit 2, by every command") {
    TempDir dir;
    const auto fifo = dir / "f.mp4";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    write_file(dir / "kiosk.toml", "[camera]\ntimeout_seconds = 2\n");
    const std::vector<std::string> config = {"--config", (dir / "kiosk.toml").string()};
    FifoRescuer rescuer(fifo, std::chrono::seconds(6));
    const std::vector<std::vector<std::string>> commands = {
        {"camera", "--source", fifo.string()},
        {"analyze", fifo.string()},
        {"session", "run", "--workflow", "interview", "--operator", "op", "--subject", "s-1", "--consent", "--source",
         fifo.string(), "--data-dir", (dir / "data").string()}};
    for (auto argv : commands) {
        argv.insert(argv.end(), config.begin(), config.end());
        const auto started = std::chrono::steady_clock::now();
        auto run = kiosk::test::kiosk(argv);
        CHECK_MESSAGE(std::chrono::steady_clock::now() - started < std::chrono::seconds(2), argv[0]);
        CHECK_MESSAGE(run.code == 2, argv[0] << ": " << run.out << run.err);
        CHECK_MESSAGE(run.out.empty(), argv[0]);
        CHECK_MESSAGE(std::count(run.err.begin(), run.err.end(), '\n') == 1, run.err);
        CHECK_MESSAGE(run.err.find("f.mp4: is a FIFO") != std::string::npos, run.err);
    }
    check_refused("/dev/null", "is a character device, not a video file (name a V4L2 camera as v4l2:/dev/null)");
}

TEST_CASE("frames of an absurd size or shape are refused with the limits, not an internal error") {
    TempDir dir;
    REQUIRE(make_clip(dir / "wide.mkv", "-f lavfi -i color=s=16384x16:r=30:d=0.1 -c:v ffv1"));
    check_refused((dir / "wide.mkv").string(), "16384x16 frames cannot be analysed (each side must be 16 to 8192 px, "
                                               "the long side at most 8 times the short one)");
    auto analyzed = kiosk::test::kiosk({"analyze", (dir / "wide.mkv").string()});
    CHECK(analyzed.code == 2);
    CHECK(analyzed.out.empty());
    CHECK(analyzed.err.find("16384x16 frames cannot be analysed") != std::string::npos);
}
