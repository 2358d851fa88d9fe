// The interview side of the controller: the background worker it records through, the source
// picker's camera verdicts and screen region, and the recording of the live analysis.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "app/background.h"
#include "controller_test_support.h"
#include "ledger/ledger.h"
#include "ledger/record.h"
#include "media/source_spec.h"
#include "support.h"
#include "ui/controller.h"
#include "ui/screen_region.h"
#include "ui_test_support.h"

using namespace kiosk;
using namespace kiosk::test;
using namespace std::chrono_literals;

namespace {

std::vector<ledger::StoredRecord> records_of(const test::TempDir& dir, const std::string& session) {
    auto records = open_ledger(dir).session_records(session);
    REQUIRE(records);
    return *records;
}

// The body of the session.step record of `step`.
std::optional<nlohmann::json> step_record(const std::vector<ledger::StoredRecord>& records, std::string_view step) {
    for (const auto& record : records) {
        if (record.type != "session.step") continue;
        auto parsed = ledger::parse_record_line(record.line);
        REQUIRE(parsed);
        if (parsed->body.value("step", "") == step) return parsed->body;
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE("background jobs run in order off the calling thread and apply on it") {
    std::vector<std::string> problems;
    app::Background background([&](const std::string& message) { problems.push_back(message); });
    const auto caller = std::this_thread::get_id();
    std::vector<int> ran, applied;
    std::atomic<bool> off_thread{true};
    for (int index = 0; index < 5; ++index)
        background.post([&, index]() -> app::Background::Apply {
            if (std::this_thread::get_id() == caller) off_thread = false;
            ran.push_back(index);  // the worker is the only writer
            return [&, index] {
                CHECK(std::this_thread::get_id() == caller);
                applied.push_back(index);
            };
        });
    CHECK(background.busy());
    CHECK(applied.empty());  // nothing is applied before the caller asks
    background.settle();
    CHECK_FALSE(background.busy());
    CHECK(off_thread);
    CHECK(ran == std::vector<int>{0, 1, 2, 3, 4});
    CHECK(applied == std::vector<int>{0, 1, 2, 3, 4});
    CHECK(problems.empty());
}

TEST_CASE("a background job that throws is reported on the calling thread and the next job still runs") {
    std::vector<std::string> problems;
    app::Background background([&](const std::string& message) { problems.push_back(message); });
    bool next_applied = false;
    background.post([]() -> app::Background::Apply { throw std::runtime_error("the device vanished"); });
    background.post([&]() -> app::Background::Apply { return [&] { next_applied = true; }; });
    background.settle();
    REQUIRE(problems.size() == 1);
    CHECK(problems.front() == "the device vanished");
    CHECK(next_applied);
}

TEST_CASE("a job posted while applying is waited for by settle") {
    app::Background background([](const std::string&) {});
    bool second = false;
    background.post([&]() -> app::Background::Apply {
        return [&] { background.post([&]() -> app::Background::Apply { return [&] { second = true; }; }); };
    });
    background.settle();
    CHECK(second);
    CHECK_FALSE(background.busy());
}

TEST_CASE("the source picker lists a UVC webcam as physical and a loopback device as virtual") {
    struct Expected {
        const char* fixture;
        const char* device;
        const char* verdict;
    };
    for (const Expected expected : {Expected{"uvc_webcam", "/dev/video0", "physical"},
                                    Expected{"loopback_obs", "/dev/video10", "virtual"}}) {
        CAPTURE(expected.fixture);
        test::TempDir dir;
        ui::Controller controller(context_for(dir, (test::fixtures() / "camera" / expected.fixture).string()), {});
        controller.continue_unregistered();
        controller.open(ui::Screen::interview);
        CHECK(controller.cameras().listing);  // judged on the worker, not in open()
        controller.settle();
        const auto& cameras = controller.cameras();
        CHECK_FALSE(cameras.listing);
        CHECK(cameras.message.empty());
        REQUIRE(cameras.cameras.size() == 1);
        CHECK(cameras.cameras.front().device == expected.device);
        CHECK(host::to_string(cameras.cameras.front().verdict) == expected.verdict);
        CHECK_FALSE(cameras.cameras.front().explanation.empty());
    }
}

TEST_CASE("a camera chosen in the picker is judged again in the recorded camera_authenticity step") {
    test::TempDir dir;
    ui::Controller controller(context_for(dir, (test::fixtures() / "camera" / "loopback_obs").string()), {});
    controller.continue_unregistered();
    controller.open(ui::Screen::interview);
    controller.settle();
    REQUIRE(controller.cameras().cameras.size() == 1);
    controller.choose_source(controller.cameras().cameras.front().device);
    controller.set_interview_subject("cand-0051");
    REQUIRE(controller.to_consent());
    CHECK_FALSE(controller.interview().working.empty());
    controller.settle();
    REQUIRE_MESSAGE(controller.interview().step == ui::InterviewStep::consent, controller.interview().message);
    REQUIRE(controller.decline_consent());
    controller.settle();
    CHECK(controller.interview().step == ui::InterviewStep::done);
    const auto records = records_of(dir, controller.interview().session);
    const auto camera = step_record(records, "camera_authenticity");
    REQUIRE(camera);
    CHECK((*camera)["status"] == "ran");
    CHECK((*camera)["reason"].get<std::string>().find("/dev/video10 is virtual") != std::string::npos);
}

TEST_CASE("a screen region becomes the screen source spec media opens") {
    const auto spec = media::parse_source_spec(ui::region_source({640, 200, 1280, 720}));
    REQUIRE(spec);
    CHECK(spec->kind == media::SourceKind::screen);
    CHECK(spec->x == 640);
    CHECK(spec->y == 200);
    CHECK(spec->width == 1280);
    CHECK(spec->height == 720);
}

TEST_CASE("a drag over the scaled still selects still pixels in either direction and stays inside the still") {
    const cv::Point2f origin{100, 50};
    const cv::Size still{1920, 1080};
    // Drawn at half size: 10 window pixels are 20 still pixels.
    CHECK(ui::drag_rectangle({110, 60}, {210, 110}, origin, 0.5f, still) == cv::Rect(20, 20, 200, 100));
    CHECK(ui::drag_rectangle({210, 110}, {110, 60}, origin, 0.5f, still) == cv::Rect(20, 20, 200, 100));
    CHECK(ui::drag_rectangle({0, 0}, {2000, 2000}, origin, 0.5f, still) == cv::Rect(0, 0, 1920, 1080));
    CHECK(ui::drag_rectangle({150, 80}, {150, 80}, origin, 0.5f, still).empty());
}

TEST_CASE("the region picker needs a region and refuses one outside the screen picture") {
    test::TempDir dir;
    ui::Controller controller(context_for(dir), {});
    controller.continue_unregistered();
    CHECK_FALSE(controller.use_region());  // nothing grabbed, nothing selected
    controller.select_region({10, 10, 200, 100});
    CHECK(controller.screen_preview().selection.empty());  // no picture yet: nothing to select on
    const char* display = std::getenv("DISPLAY");
    const std::string saved = display ? display : "";
    ::setenv("DISPLAY", ":97", 1);  // no X server there
    controller.open_region_picker({0, 0, 640, 480});
    CHECK(controller.screen_preview().grabbing);
    controller.settle();
    if (saved.empty()) ::unsetenv("DISPLAY");
    else ::setenv("DISPLAY", saved.c_str(), 1);
    CHECK_FALSE(controller.screen_preview().grabbing);
    CHECK_FALSE(controller.screen_preview().message.empty());
    CHECK(controller.screen_preview().image.empty());
    CHECK_FALSE(controller.use_region());
    CHECK(controller.interview().source != ui::region_source({10, 10, 200, 100}));
}

TEST_CASE("finishing while the face models load returns at once and records why nothing was analysed") {
    test::TempDir dir;
    auto clip = test::make_clip(dir.path(), 320, 240, 4);
    if (!clip) {
        MESSAGE("skipped: ffmpeg is not installed");
        return;
    }
    ui::Controller controller(context_for(dir), {});
    controller.continue_unregistered();
    controller.choose_source(clip->string());
    controller.set_interview_subject("cand-0052");
    REQUIRE(controller.to_consent());
    controller.settle();
    REQUIRE(controller.give_consent());
    controller.settle();
    REQUIRE(controller.interview().step == ui::InterviewStep::live);
    REQUIRE(wait_for([&] { auto video = controller.video(); return video && video->frame_index >= 0; }, 20s));
    const bool loading = controller.video()->analysis_loading;
    REQUIRE(controller.finish_analysis());
    // The pipeline is stopped and the results recorded on the worker; the caller carries on.
    CHECK(controller.busy());
    CHECK_FALSE(controller.interview().working.empty());
    CHECK(controller.video());  // the last frame stays on screen meanwhile
    CHECK_FALSE(controller.finish_analysis());  // a second press is refused, not queued
    controller.settle();
    REQUIRE_MESSAGE(controller.interview().step == ui::InterviewStep::decision, controller.interview().message);
    const auto records = records_of(dir, controller.interview().session);
    const auto analysis = step_record(records, "deepfake_analysis");
    REQUIRE(analysis);
    if (loading) {
        CHECK((*analysis)["status"] == "skipped");
        CHECK((*analysis)["reason"].get<std::string>().find("Loading the face models") != std::string::npos);
    } else {
        MESSAGE("the models loaded before the first frame; the skipped-while-loading record was not exercised");
    }
}
