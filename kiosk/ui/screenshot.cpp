#include "ui/screenshot.h"

#include <opencv2/imgcodecs.hpp>

#include <cstdio>

namespace kiosk::ui {
namespace {

using namespace std::chrono_literals;

class Camera {
public:
    Camera(Shell& shell, Platform& platform, std::filesystem::path dir, std::ostream& out) :
        shell_(shell), platform_(platform), dir_(std::move(dir)), out_(out) {}

    // A few frames first: ImGui sizes windows and tables from the previous frame.
    Result<void> shoot(const std::string& name) {
        render_until(shell_, platform_, [] { return false; }, 120ms);
        cv::Mat pixels;
        platform_.begin_frame();
        shell_.frame();
        platform_.end_frame(&pixels);
        char file[128];
        std::snprintf(file, sizeof file, "%02d-%s.png", ++count_, name.c_str());
        const auto path = dir_ / file;
        try {
            if (!cv::imwrite(path.string(), pixels, {cv::IMWRITE_PNG_COMPRESSION, 9}))
                return fail(path.string() + ": cannot write the screenshot");
        } catch (const cv::Exception& error) {
            return fail(path.string() + ": " + error.what());
        }
        out_ << path.string() << "\n";
        return {};
    }

private:
    Shell& shell_;
    Platform& platform_;
    std::filesystem::path dir_;
    std::ostream& out_;
    int count_ = 0;
};

}  // namespace

Result<void> take_screenshots(Shell& shell, Controller& controller, Platform& platform,
                              const std::filesystem::path& dir, std::ostream& out) {
    if (controller.has_operators())
        return fail("screenshots need a config without operators (nobody can type a PIN into them)");
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) return fail(dir.string() + ": " + error.message());
    Camera camera(shell, platform, dir, out);
    auto wait = [&](auto done, std::chrono::milliseconds timeout) { render_until(shell, platform, done, timeout); };
    // A step the next action needs: the wait ends when it happens, and only a hang reaches the ceiling,
    // which is generous because a liveness run or a ledger write on a loaded machine takes its time.
    auto wait_for_event = [&](std::string_view what, auto done) -> Result<void> {
        constexpr auto ceiling = 10min;
        if (render_until(shell, platform, done, ceiling)) return {};
        return fail(ErrorKind::timeout, "screenshots: gave up after " + std::to_string(ceiling.count()) +
                                            " minutes waiting for " + std::string(what));
    };
    if (auto shot = camera.shoot("sign-in"); !shot) return shot;
    controller.continue_unregistered();
    controller.open(Screen::handoff);  // starts the host scan, so home's health has cameras to show
    wait([&] { return controller.host().snapshot()->state != app::HostSnapshot::State::running; }, 10s);
    controller.open(Screen::home);
    if (auto shot = camera.shoot("home"); !shot) return shot;

    controller.open(Screen::interview);
    controller.set_interview_subject("cand-0042");
    controller.settle();  // the cameras are judged on the worker
    if (auto shot = camera.shoot("interview-source"); !shot) return shot;
    controller.open_region_picker(desktop_area());
    controller.settle();
    controller.select_region({300, 260, 1040, 560});
    if (auto shot = camera.shoot("interview-region"); !shot) return shot;
    controller.close_region_picker();
    // Each interview action records on the worker: settle() waits for it, then the step it reached.
    auto interview_failed = [&] { return !controller.interview().message.empty(); };
    if (auto consent = controller.to_consent(); consent) {
        controller.settle();
        if (interview_failed()) return fail("interview: " + controller.interview().message);
        if (auto shot = camera.shoot("interview-consent"); !shot) return shot;
        if (auto given = controller.give_consent(); !given) return given;
        controller.settle();
        if (interview_failed()) return fail("interview: " + controller.interview().message);
        wait([&] {
            auto video = controller.video();
            // the analysis has had a few assessments, or it cannot run, or the video stopped
            return video && ((video->history.contains("score") && video->history.at("score").size() >= 3) ||
                             (video->state == app::VideoSnapshot::State::running && !video->analysis_available && !video->analysis_loading) ||
                             video->state == app::VideoSnapshot::State::failed || video->state == app::VideoSnapshot::State::ended);
        }, 40s);
        if (auto shot = camera.shoot("interview-live"); !shot) return shot;
        if (auto finished = controller.finish_analysis(); !finished) return finished;
        controller.settle();
        if (interview_failed()) return fail("interview: " + controller.interview().message);
        if (auto shot = camera.shoot("interview-decision"); !shot) return shot;
        if (auto decided = controller.decide_interview({session::Decision::Kind::confirm, std::nullopt, "", ""}); !decided)
            return decided;
        controller.settle();
        if (interview_failed()) return fail("interview: " + controller.interview().message);
        if (auto shot = camera.shoot("interview-recorded"); !shot) return shot;
    } else {
        out << "interview: " << consent.error().message << " (pass --source FILE for the live screens)\n";
    }

    // Two handoffs of the same KVM-fitted machine for different people: the review screen then shows
    // them as one group (the same device behind several hires).
    auto handoff_done = [&] { return controller.handoff().step == HandoffStep::done || !controller.handoff().message.empty(); };
    controller.open(Screen::handoff);
    controller.set_handoff_subject("laptop-7731");
    if (auto shot = camera.shoot("handoff-inspection"); !shot) return shot;
    if (auto recorded = controller.record_inspection(); !recorded) return recorded;
    auto inspection_recorded = [&] {
        return controller.handoff().step != HandoffStep::inspect || !controller.handoff().message.empty();
    };
    auto liveness_over = [&] {
        return controller.handoff().step == HandoffStep::sign_off || !controller.handoff().message.empty();
    };
    if (auto waited = wait_for_event("the inspection to be recorded", inspection_recorded); !waited) return waited;
    if (auto started = controller.start_liveness(); started) {
        wait([&] { auto run = controller.liveness(); return run && !run->video.frame.empty(); }, 30s);
        if (auto shot = camera.shoot("handoff-liveness"); !shot) return shot;
    } else {
        out << "handoff: " << started.error().message << " (pass --source FILE for the liveness screen)\n";
        if (auto skipped = controller.skip_liveness("no camera at the handoff desk"); !skipped) return skipped;
    }
    if (auto waited = wait_for_event("the liveness check to end", liveness_over); !waited) return waited;
    if (auto shot = camera.shoot("handoff-sign-off"); !shot) return shot;
    if (auto signed_off = controller.sign_off({session::Decision::Kind::override, session::Verdict::review, "",
                                               "asked the employee to bring the laptop back without the dock"});
        !signed_off)
        return signed_off;
    if (auto waited = wait_for_event("the sign-off to be recorded", handoff_done); !waited) return waited;
    controller.new_handoff();
    controller.set_handoff_subject("laptop-7735");
    if (auto recorded = controller.record_inspection(); !recorded) return recorded;
    if (auto waited = wait_for_event("the inspection to be recorded", inspection_recorded); !waited) return waited;
    if (auto skipped = controller.skip_liveness("the employee declined the camera check"); !skipped) return skipped;
    if (auto waited = wait_for_event("the skipped liveness check to be recorded", liveness_over); !waited) return waited;
    if (auto signed_off = controller.sign_off({session::Decision::Kind::confirm, std::nullopt, "", ""}); !signed_off)
        return signed_off;
    if (auto waited = wait_for_event("the sign-off to be recorded", handoff_done); !waited) return waited;
    if (!controller.handoff().message.empty()) return fail("handoff: " + controller.handoff().message);

    controller.open(Screen::review);
    auto idle = [&] { return !controller.busy(); };
    if (auto waited = wait_for_event("the sessions to be read", idle); !waited) return waited;
    if (!controller.review().groups.empty()) controller.select_session(controller.review().groups.front().sessions.front());
    else if (!controller.review().sessions.empty()) controller.select_session(controller.review().sessions.front().id);
    controller.verify_ledger();
    if (auto waited = wait_for_event("the ledger to be verified", idle); !waited) return waited;
    if (auto shot = camera.shoot("review"); !shot) return shot;
    return {};
}

}  // namespace kiosk::ui
