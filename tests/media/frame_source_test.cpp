#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <fstream>

#include "media/clips.h"
#include "media/frame_source.h"
#include "media/loopback_port.h"
#include "support.h"

using namespace kiosk::test;
namespace fs = std::filesystem;

namespace {

// Reads a whole source; returns the error message ("" at a clean end) and the frame count.
std::pair<std::string, int> drain(media::FrameSource& source) {
    int frames = 0;
    while (true) {
        auto frame = source.next();
        if (!frame) return {frame.error().message, frames};
        if (!*frame) return {"", frames};
        ++frames;
    }
}

std::string open_error(const std::string& spec, media::SourceOptions options = {}) {
    auto source = media::open_source(spec, options);
    if (!source) return source.error().message;
    return drain(**source).first;
}

}  // namespace

TEST_CASE("a file yields every frame with index and timestamps, then ends cleanly") {
    TempDir dir;
    auto clip = moving_clip(dir.path(), 2);
    auto source = media::open_source(clip.string());
    REQUIRE(source);
    CHECK((*source)->nominal_fps() == doctest::Approx(30));
    CHECK((*source)->describe().find("ffv1 320x240") != std::string::npos);
    int count = 0;
    double last_pts = -1;
    while (auto frame = (*source)->next()) {
        if (!*frame) break;
        CHECK((*frame)->index == count);
        CHECK((*frame)->bgr.cols == 320);
        CHECK((*frame)->bgr.rows == 240);
        CHECK((*frame)->pts_seconds > last_pts);
        last_pts = (*frame)->pts_seconds;
        ++count;
    }
    CHECK(count == 60);
    CHECK((*source)->stats().frames == 60);
    CHECK((*source)->stats().dropped == 0);
    // Ended sources stay ended.
    auto again = (*source)->next();
    REQUIRE(again);
    CHECK(!*again);
}

TEST_CASE("pictures predicted from a reference are marked, intra-coded ones are not") {
    TempDir dir;
    auto intra = moving_clip(dir.path(), 1);
    auto inter = dir / "gop10.mp4";
    REQUIRE(make_clip(inter, "-i '" + intra.string() + "' -c:v libx264 -preset ultrafast -g 10 -keyint_min 10 "
                             "-sc_threshold 0 -bf 0"));
    auto marks = [](const fs::path& clip) {
        std::string predicted;
        auto source = media::open_source(clip.string());
        REQUIRE(source);
        while (auto frame = (*source)->next()) {
            if (!*frame) break;
            predicted += (*frame)->predicted ? 'P' : 'I';
        }
        return predicted;
    };
    CHECK(marks(intra) == std::string(30, 'I'));
    CHECK(marks(inter) == "IPPPPPPPPPIPPPPPPPPPIPPPPPPPPP");
}

TEST_CASE("timestamp gaps count as dropped frames") {
    TempDir dir;
    auto clip = dir / "gappy.mkv";
    // Remove frames 10..19 but keep the original timestamps: a 10-frame gap.
    REQUIRE(make_clip(clip, "-f lavfi -i testsrc2=s=160x120:r=30:d=2 -vf select='not(between(n\\,10\\,19))' "
                            "-fps_mode passthrough -c:v ffv1"));
    auto source = media::open_source(clip.string());
    REQUIRE(source);
    auto [error, frames] = drain(**source);
    CHECK(error == "");
    CHECK(frames == 50);
    CHECK((*source)->stats().dropped == 10);
}

TEST_CASE("the content decides, not the file name") {
    TempDir dir;
    auto clip = moving_clip(dir.path(), 1);
    fs::copy_file(clip, dir / "really_mkv.mp4");
    auto source = media::open_source((dir / "really_mkv.mp4").string());
    REQUIRE(source);
    CHECK(drain(**source) == std::pair<std::string, int>{"", 30});
}

TEST_CASE("bad files give one clear error") {
    TempDir dir;
    SUBCASE("missing") { CHECK(open_error((dir / "nope.mp4").string()).ends_with("no such file")); }
    SUBCASE("zero length") {
        write_file(dir / "empty.mp4", "");
        CHECK(open_error((dir / "empty.mp4").string()).ends_with("empty file (0 bytes)"));
    }
    SUBCASE("directory") { CHECK(open_error(dir.path().string()).ends_with("is a directory, not a video file")); }
    SUBCASE("garbage with a video name") {
        std::string garbage;
        for (int i = 0; i < 20000; ++i) garbage += static_cast<char>((i * 7919 + 13) % 251);
        write_file(dir / "garbage.mp4", garbage);
        CHECK(open_error((dir / "garbage.mp4").string()).find("garbage.mp4") != std::string::npos);
    }
    SUBCASE("text named as a video") {
        write_file(dir / "notes.mkv", "this is not a video\n");
        CHECK(open_error((dir / "notes.mkv").string()).find("notes.mkv") != std::string::npos);
    }
    SUBCASE("audio only") {
        REQUIRE(make_clip(dir / "tone.wav", "-f lavfi -i sine=d=0.5"));
        CHECK(open_error((dir / "tone.wav").string()).ends_with("no video stream"));
    }
    SUBCASE("unsupported codec") {
        // An AVI whose fourcc names no codec FFmpeg knows.
        REQUIRE(make_clip(dir / "clip.avi", "-f lavfi -i testsrc2=s=160x120:r=30:d=0.5 -c:v mjpeg"));
        std::string bytes = read_file(dir / "clip.avi");
        for (auto at = bytes.find("MJPG"); at != std::string::npos; at = bytes.find("MJPG", at)) bytes.replace(at, 4, "QQZZ");
        write_file(dir / "odd.avi", bytes);
        CHECK(open_error((dir / "odd.avi").string()).find("unsupported video codec") != std::string::npos);
    }
}

TEST_CASE("truncated files fail instead of passing as short clips") {
    TempDir dir;
    SUBCASE("mp4 without its index") {
        REQUIRE(make_clip(dir / "full.mp4", "-f lavfi -i testsrc2=s=160x120:r=30:d=3 -c:v libx264 -preset ultrafast"));
        std::string bytes = read_file(dir / "full.mp4");
        write_file(dir / "cut.mp4", bytes.substr(0, bytes.size() / 2));
        CHECK(open_error((dir / "cut.mp4").string()).find("cut.mp4") != std::string::npos);
    }
    SUBCASE("mp4 with its index first") {
        REQUIRE(make_clip(dir / "full.mp4", "-f lavfi -i testsrc2=s=160x120:r=30:d=3 -c:v libx264 -preset ultrafast "
                                            "-movflags +faststart"));
        std::string bytes = read_file(dir / "full.mp4");
        write_file(dir / "cut.mp4", bytes.substr(0, bytes.size() / 3));
        CHECK(open_error((dir / "cut.mp4").string()).find("truncated") != std::string::npos);
    }
    SUBCASE("matroska") {
        auto clip = moving_clip(dir.path(), 3);
        std::string bytes = read_file(clip);
        write_file(dir / "cut.mkv", bytes.substr(0, bytes.size() / 3));
        CHECK(open_error((dir / "cut.mkv").string()).find("truncated") != std::string::npos);
    }
}

TEST_CASE("dead network sources fail fast and never hang") {
    media::SourceOptions options;
    options.timeout_seconds = 0.5;
    options.reconnect = false;
    auto started = std::chrono::steady_clock::now();
    SUBCASE("closed port") {
        LoopbackPort port(false);
        auto error = open_error("http://127.0.0.1:" + std::to_string(port.port()) + "/live", options);
        CHECK(error.starts_with("cannot open http://127.0.0.1:"));
    }
    SUBCASE("a peer that accepts and never answers") {
        LoopbackPort port(true);
        auto error = open_error("http://127.0.0.1:" + std::to_string(port.port()) + "/live", options);
        CHECK(error.find("no answer within 0.5 s") != std::string::npos);
    }
    SUBCASE("tcp stream that never sends") {
        LoopbackPort port(true);
        auto error = open_error("tcp://127.0.0.1:" + std::to_string(port.port()), options);
        CHECK(error.find("no answer within 0.5 s") != std::string::npos);
    }
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
}

TEST_CASE("bad source specs are rejected before any I/O") {
    CHECK(open_error("").find("empty source") != std::string::npos);
    CHECK(open_error("gopher://example/x").find("unsupported URL scheme 'gopher'") != std::string::npos);
    CHECK(open_error("screen:1,2").find("bad screen region") != std::string::npos);
    CHECK(open_error("screen:0,0,0x0").find("bad screen region") != std::string::npos);
    media::SourceOptions options;
    options.timeout_seconds = 0;
    TempDir dir;
    auto clip = moving_clip(dir.path(), 0.5);
    CHECK(open_error(clip.string(), options).find("timeout must be positive") != std::string::npos);
}

TEST_CASE("a missing camera is a clear error") {
    media::SourceOptions options;
    options.timeout_seconds = 0.5;
    CHECK(open_error("/dev/video-kiosk-test-absent", options).starts_with("cannot open /dev/video-kiosk-test-absent"));
}
