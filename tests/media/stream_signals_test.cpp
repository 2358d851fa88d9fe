#include <doctest/doctest.h>

#include <map>

#include "media/clips.h"
#include "media/frame_source.h"
#include "media/stream_signals.h"
#include "support.h"

using namespace kiosk::test;

namespace {

// The signals over the clip's first `max_frames` frames.
std::map<std::string, media::Signal> signals_of(const std::filesystem::path& clip, int max_frames = 1 << 30) {
    auto source = media::open_source(clip.string());
    REQUIRE(source);
    media::StreamSignals signals({.live = false, .nominal_fps = (*source)->nominal_fps()});
    while (signals.frames() < max_frames) {
        auto frame = (*source)->next();
        REQUIRE(frame);
        if (!*frame) break;
        signals.feed(**frame);
    }
    std::map<std::string, media::Signal> by_id;
    for (auto& signal : signals.results()) {
        MESSAGE(clip.filename().string() << " " << signal.id << " = " << signal.value << " (" << signal.confidence
                                         << "): " << signal.explanation);
        by_id[signal.id] = signal;
    }
    return by_id;
}

bool suspicious(const std::map<std::string, media::Signal>& signals, const std::string& id) {
    return media::is_suspicious(*media::StreamSignals::find(id), signals.at(id));
}

}  // namespace

TEST_CASE("every registered check reports, under its own id") {
    media::StreamSignals signals;
    auto results = signals.results();
    auto descriptors = media::StreamSignals::descriptors();
    REQUIRE(results.size() == descriptors.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
        CHECK(results[i].id == descriptors[i]->id);
        CHECK(results[i].confidence == 0);  // nothing fed yet
        CHECK(!descriptors[i]->explanation.empty());
    }
}

TEST_CASE("a looped still image has no noise floor and is frozen") {
    TempDir dir;
    auto signals = signals_of(still_loop_clip(dir.path(), 2));
    CHECK(signals["injection.zero_temporal_diff"].value == doctest::Approx(1.0));
    CHECK(suspicious(signals, "injection.zero_temporal_diff"));
    CHECK(suspicious(signals, "injection.temporal_noise"));
    CHECK(suspicious(signals, "injection.duplicate_frames"));
    CHECK(suspicious(signals, "injection.frozen_frames"));
    CHECK(!suspicious(signals, "injection.block_grid"));
}

TEST_CASE("a clip with sensor-like noise passes the noise, duplicate and loop checks") {
    TempDir dir;
    auto signals = signals_of(noisy_clip(dir.path(), 2));
    CHECK(signals["injection.zero_temporal_diff"].value < 0.1);
    CHECK(signals["injection.temporal_noise"].value > 2);
    for (auto id : {"injection.zero_temporal_diff", "injection.temporal_noise", "injection.duplicate_frames",
                    "injection.frozen_frames", "injection.looped_content", "injection.block_grid",
                    "injection.interval_jitter", "injection.virtual_camera_mode"})
        CHECK_MESSAGE(!suspicious(signals, id), id);
}

TEST_CASE("a frame-doubled clip is flagged for duplicates but not as frozen") {
    TempDir dir;
    auto signals = signals_of(doubled_clip(dir.path(), 2));
    CHECK(signals["injection.duplicate_frames"].value == doctest::Approx(0.5).epsilon(0.05));
    CHECK(suspicious(signals, "injection.duplicate_frames"));
    CHECK(suspicious(signals, "injection.zero_temporal_diff"));
    CHECK(!suspicious(signals, "injection.frozen_frames"));
}

TEST_CASE("a looped still fails the noise floor as raw video and through H.264") {
    TempDir dir;
    auto still = still_loop_clip(dir.path(), 2);
    auto raw_still = dir / "still_raw.nut";
    REQUIRE(make_clip(raw_still, "-i '" + still.string() + "' -c:v rawvideo -pix_fmt yuv420p"));
    for (const auto& clip : {raw_still, h264_copy(still, 23)}) {
        auto signals = signals_of(clip);
        CHECK_MESSAGE(signals["injection.zero_temporal_diff"].value > 0.99, clip.filename());
        CHECK_MESSAGE(suspicious(signals, "injection.zero_temporal_diff"), clip.filename());
        CHECK_MESSAGE(suspicious(signals, "injection.temporal_noise"), clip.filename());
    }
}

TEST_CASE("a frame-doubled clip through H.264 is flagged for the pictures the codec repeated") {
    TempDir dir;
    // The raw doubled clip also fails the noise floor (see above). Through H.264 the codec repeats
    // the doubled pictures whole; as they are only half the pictures, the noise floor is read from
    // the other half (a sensor's) and duplicate_frames is what flags the doubling.
    auto signals = signals_of(h264_copy(doubled_clip(dir.path(), 2), 18));
    CHECK(signals["injection.duplicate_frames"].value == doctest::Approx(0.5).epsilon(0.05));
    CHECK(suspicious(signals, "injection.duplicate_frames"));
    CHECK(!suspicious(signals, "injection.zero_temporal_diff"));
}

TEST_CASE("a noisy clip re-encoded with H.264 at typical quality keeps its noise floor") {
    TempDir dir;
    auto noisy = noisy_clip(dir.path(), 1.5);  // 44 frame pairs: full confidence from 30
    for (int crf : {18, 23, 28}) {
        auto signals = signals_of(h264_copy(noisy, crf));
        CHECK_MESSAGE(!suspicious(signals, "injection.zero_temporal_diff"), "crf " << crf);
        CHECK_MESSAGE(!suspicious(signals, "injection.temporal_noise"), "crf " << crf);
        CHECK_MESSAGE(signals["injection.zero_temporal_diff"].confidence > 0.5, "crf " << crf);
    }
}

TEST_CASE("a recording played in a loop is caught by its repeating noise") {
    TempDir dir;
    auto once = noisy_clip(dir.path(), 1.2);
    auto looped = dir / "looped.mkv";
    REQUIRE(make_clip(looped, "-stream_loop 2 -i '" + once.string() + "' -c:v ffv1"));
    auto signals = signals_of(looped);
    CHECK(signals["injection.looped_content"].value > 0.6);
    CHECK(suspicious(signals, "injection.looped_content"));
    CHECK(!suspicious(signals, "injection.duplicate_frames"));
}

TEST_CASE("a block grid delivered uncompressed proves an earlier encode, in a lossy source it only corroborates") {
    TempDir dir;
    auto noisy = noisy_clip(dir.path(), 1);
    auto mjpeg = dir / "mjpeg.avi";
    REQUIRE(make_clip(mjpeg, "-i '" + noisy.string() + "' -c:v mjpeg -q:v 20"));
    auto relayed = dir / "relayed.mkv";  // the MJPEG frames passed on losslessly, as a virtual camera would
    REQUIRE(make_clip(relayed, "-i '" + mjpeg.string() + "' -c:v ffv1"));
    auto clean = signals_of(noisy);
    CHECK(!suspicious(clean, "injection.block_grid"));

    auto delivered_raw = signals_of(relayed);
    CHECK(delivered_raw["injection.block_grid"].value > 1.25);
    CHECK(suspicious(delivered_raw, "injection.block_grid"));

    auto own_coding = signals_of(mjpeg);
    CHECK(own_coding["injection.block_grid"].value > 1.25);
    CHECK(own_coding["injection.block_grid"].confidence < 0.5);
    CHECK(!suspicious(own_coding, "injection.block_grid"));
}

TEST_CASE("shared data: genuine camera recordings keep their noise floor through their H.264 coding") {
    auto data = shared_data();
    if (!data) {
        MESSAGE("skipped: ../shared/data is absent");
        return;
    }
    int clips = 0;
    for (const auto& entry : std::filesystem::directory_iterator(*data / "faces" / "real")) {
        if (entry.path().extension() != ".mp4") continue;
        ++clips;
        // 45 frames give 44 frame pairs, past the 30 at which the confidence is full.
        auto signals = signals_of(entry.path(), 45);
        CHECK_MESSAGE(!suspicious(signals, "injection.zero_temporal_diff"), entry.path().filename());
    }
    CHECK(clips > 0);
}
