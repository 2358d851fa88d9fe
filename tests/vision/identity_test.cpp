#include <doctest/doctest.h>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "support.h"
#include "vision/analyzer.h"
#include "vision/face_blend.h"
#include "vision/face_tracker.h"
#include "vision/head_pose.h"
#include "vision/identity_consistency.h"
#include "vision/identity_embedding.h"

using namespace vision;

namespace {

// 100 frames (4 s at 25 fps) are enough for a frontal baseline and the head's turns of the clip, and
// keep each pass through the embedding network under 10 s on one core.
constexpr int clip_frames = 100;

struct TrackedFrame {
    cv::Mat bgr;
    Landmarks landmarks;
};

// The first frames of a shared-data clip of one person, each with its face tracked.
std::vector<TrackedFrame> tracked_clip(const std::filesystem::path& path, FaceTracker& tracker) {
    cv::VideoCapture capture(path.string());
    REQUIRE(capture.isOpened());
    tracker.reset();
    std::vector<TrackedFrame> frames;
    cv::Mat bgr, gray;
    while (static_cast<int>(frames.size()) < clip_frames && capture.read(bgr)) {
        cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
        auto face = tracker.track(gray);
        REQUIRE(face);
        frames.push_back({bgr.clone(), face->landmarks});
    }
    REQUIRE(static_cast<int>(frames.size()) == clip_frames);
    return frames;
}

// What the analyzer would hand to identity_jump(): the frames tracked again, as it sees them.
std::vector<IdentityFrame> identity_frames(const std::vector<TrackedFrame>& clip, FaceTracker& tracker,
                                           IdentityEmbedder& embedder) {
    tracker.reset();
    std::vector<IdentityFrame> frames;
    cv::Mat gray;
    for (std::size_t i = 0; i < clip.size(); ++i) {
        cv::cvtColor(clip[i].bgr, gray, cv::COLOR_BGR2GRAY);
        auto face = tracker.track(gray);
        REQUIRE(face);
        auto pose = estimate_pose(face->landmarks, clip[i].bgr.size());
        frames.push_back({static_cast<double>(i) / 25.0, embedder.embed(clip[i].bgr, face->landmarks),
                          pose.whole.yaw_deg, false});
    }
    return frames;
}

struct SharedClips {
    FaceTracker tracker;
    IdentityEmbedder embedder;
    std::vector<TrackedFrame> person;  // hdtf_RD_Radio2_000: one man talking, turning up to about 20°
    std::vector<TrackedFrame> other;   // hdtf_RD_Radio34_000: another person
};

// Loaded once for all tests; nullopt (and a message) when shared data or a model is missing.
std::optional<SharedClips>& shared_clips() {
    static std::optional<SharedClips> clips = []() -> std::optional<SharedClips> {
        auto data = kiosk::test::shared_data();
        if (!data) {
            MESSAGE("skipped: ../shared/data is absent");
            return std::nullopt;
        }
        auto tracker = FaceTracker::create({});
        if (!tracker) {
            MESSAGE("skipped: " << tracker.error().message);
            return std::nullopt;
        }
        auto embedder = IdentityEmbedder::load();
        REQUIRE_MESSAGE(embedder, embedder.error().message);
        auto person = tracked_clip(*data / "faces/real/hdtf_RD_Radio2_000.mp4", *tracker);
        auto other = tracked_clip(*data / "faces/real/hdtf_RD_Radio34_000.mp4", *tracker);
        return SharedClips{std::move(*tracker), std::move(*embedder), std::move(person), std::move(other)};
    }();
    return clips;
}

}  // namespace

TEST_CASE("identity: the built-in model loads, a missing or foreign model file is an error") {
    CHECK(IdentityEmbedder::load());
    auto missing = IdentityEmbedder::load({"/nonexistent/face_model.dat"});
    REQUIRE(!missing);
    CHECK(missing.error().message.find("/nonexistent/face_model.dat") != std::string::npos);
    kiosk::test::TempDir dir;
    kiosk::test::write_file(dir / "foreign.dat", "not a dlib network");
    auto foreign = IdentityEmbedder::load({(dir / "foreign.dat").string()});
    REQUIRE(!foreign);
    CHECK(foreign.error().message.find("foreign.dat") != std::string::npos);
}

TEST_CASE("identity: one person's frames are within dlib's same-person distance, two people are not "
          "(shared data)") {
    auto& clips = shared_clips();
    if (!clips) return;
    auto embed = [&](const TrackedFrame& f) { return clips->embedder.embed(f.bgr, f.landmarks); };
    const auto first = embed(clips->person.front()), turned = embed(clips->person[40]);
    const auto other = embed(clips->other.front());
    const double same = identity_distance(first, turned), different = identity_distance(first, other);
    MESSAGE("same person " << same << ", two people " << different);
    CHECK(same < same_person_distance);
    CHECK(different > same_person_distance);
    CHECK(identity_distance(first, first) == doctest::Approx(0.0));
}

TEST_CASE("identity.jump: quiet on one person's untouched clip (shared data)") {
    auto& clips = shared_clips();
    if (!clips) return;
    auto signal = identity_jump(identity_frames(clips->person, clips->tracker, clips->embedder));
    MESSAGE(signal.explanation);
    CHECK(signal.id == "identity.jump");
    CHECK(signal.confidence == doctest::Approx(1.0));
    CHECK(signal.value < identity_jump_threshold);
}

TEST_CASE("identity.jump: fires when another person's face shows through for four frames (shared data)") {
    auto& clips = shared_clips();
    if (!clips) return;
    // A swap that slips: frames 60-63 carry the other person's face, pasted onto this one's landmarks.
    auto swapped = clips->person;
    for (std::size_t i = 60; i < 64; ++i)
        swapped[i].bgr = blend_face(clips->other[i].bgr, clips->other[i].landmarks, swapped[i].bgr,
                                    swapped[i].landmarks, BlendParams{});
    auto frames = identity_frames(swapped, clips->tracker, clips->embedder);
    frames[61].challenge_active = true;
    auto signal = identity_jump(frames);
    MESSAGE(signal.explanation);
    CHECK(signal.value >= identity_jump_threshold);
    CHECK(signal.explanation.find("at 2.4 s during a challenge") != std::string::npos);
}

TEST_CASE("identity.jump: no verdict without frontal frames") {
    std::vector<IdentityFrame> profile(20);
    for (std::size_t i = 0; i < profile.size(); ++i) profile[i] = {static_cast<double>(i) / 25.0, {}, 45.0, false};
    auto signal = identity_jump(profile);
    CHECK(signal.confidence == 0.0);
    CHECK(signal.value == 0.0);
}

TEST_CASE("analyzer: a second person's face slipping in during a challenge is reported; one person's clip "
          "is not (shared data)") {
    auto& clips = shared_clips();
    if (!clips) return;
    // Frames 0-59 build the person's baseline (sparse sampling), a challenge is asked for from frame
    // 60, and in the swapped copy frames 70-84 (0.6 s) carry the other person's face.
    auto run = [&](const std::vector<TrackedFrame>& frames) {
        auto analyzer = Analyzer::create({});
        REQUIRE(analyzer);
        for (std::size_t i = 0; i < frames.size(); ++i) {
            analyzer->mark_challenge(i >= 60);
            media::Frame frame;
            frame.bgr = frames[i].bgr;
            frame.index = static_cast<std::int64_t>(i);
            frame.pts_seconds = static_cast<double>(i) / 25.0;
            analyzer->process(frame);
        }
        return analyzer->assessment();
    };
    const auto genuine = run(clips->person);
    const auto identity = std::ranges::find(genuine.signals, "identity.jump", &media::Signal::id);
    REQUIRE(identity != genuine.signals.end());
    MESSAGE("genuine: " << identity->explanation);
    CHECK(identity->confidence >= 0.5);
    CHECK_FALSE(genuine.identity_jumped);

    auto swapped = clips->person;
    for (std::size_t i = 70; i < 85; ++i)
        swapped[i].bgr = blend_face(clips->other[i].bgr, clips->other[i].landmarks, swapped[i].bgr,
                                    swapped[i].landmarks, BlendParams{});
    const auto slipped = run(swapped);
    CHECK(slipped.identity_jumped);
    CHECK(slipped.reason.find("another identity showed through") != std::string::npos);
}
