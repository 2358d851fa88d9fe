// The interview and the handoff are one flow each (session/interview_flow.h, handoff_flow.h): run
// through the controller the screens drive and through `kiosk session run` on the same fixture or
// clip, they must write the same records in the same order, step for step.
#include <doctest/doctest.h>

#include "ledger/ledger.h"
#include "ledger/record.h"
#include "support.h"
#include "ui/controller.h"
#include "controller_test_support.h"

using namespace kiosk;
using namespace kiosk::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// A session's records as "type" or "type:step" (for steps and their checks), in ledger order.
// `with_checks` false leaves out check.result: how many checks an analysis measured depends on the
// frames it got, which a live pipeline and a file read need not share.
std::vector<std::string> sequence(const ledger::Ledger& ledger, const std::string& session, bool with_checks) {
    std::vector<std::string> out;
    const auto records = ledger.session_records(session);
    REQUIRE(records);
    for (const auto& stored : *records) {
        if (!with_checks && stored.type == ledger::record_type::check) continue;
        const auto body = ledger::parse_record_line(stored.line).value().body;
        out.push_back(stored.type + (body.contains("step") ? ":" + body["step"].get<std::string>() : ""));
    }
    return out;
}

// `kiosk session run` into `data_dir`; the session id it reports.
std::string headless_session(const fs::path& data_dir, std::vector<std::string> args) {
    args.insert(args.begin(), {"session", "run"});
    args.insert(args.end(), {"--operator", "unregistered", "--data-dir", data_dir.string(), "--json"});
    const auto ran = test::kiosk(args);
    REQUIRE_MESSAGE((ran.code == 0 || ran.code == 1), ran.err);  // pass, or review/fail
    return nlohmann::json::parse(ran.out).at("session").get<std::string>();
}

ledger::Ledger ledger_at(const fs::path& data_dir) {
    auto options = ledger::options_from(Config::defaults(), data_dir.string());
    REQUIRE(options);
    auto opened = ledger::Ledger::open_existing(*options);
    REQUIRE_MESSAGE(opened, opened.error().message);
    return std::move(*opened);
}

}  // namespace

TEST_CASE("a handoff through the UI and through kiosk session run writes the same records in the same order") {
    const auto fixture = test::fixtures() / "host" / "pikvm_v4";
    if (!fs::exists(fixture)) {
        MESSAGE("skipped: tests/fixtures/host/pikvm_v4 is absent");
        return;
    }
    test::TempDir dir;
    ui::Controller controller(context_for(dir, fixture), {});
    controller.continue_unregistered();
    controller.open(ui::Screen::handoff);
    REQUIRE(tick_until(controller, [&] { return controller.host().snapshot()->scans >= 1; }, 20s));
    controller.set_handoff_subject("laptop-1");
    REQUIRE(controller.record_inspection());
    REQUIRE(tick_until(controller, [&] { return controller.handoff().step == ui::HandoffStep::liveness; }, 30s));
    REQUIRE(controller.skip_liveness("no camera at the handoff desk"));
    REQUIRE(tick_until(controller, [&] { return controller.handoff().step == ui::HandoffStep::sign_off; }, 30s));
    REQUIRE(controller.sign_off({session::Decision::Kind::confirm, std::nullopt, "", ""}));
    REQUIRE(tick_until(controller, [&] { return controller.handoff().step == ui::HandoffStep::done; }, 30s));
    const auto from_ui = sequence(open_ledger(dir), controller.handoff().session, true);

    const auto headless_dir = dir / "headless";
    const auto id = headless_session(headless_dir, {"--workflow", "handoff", "--root", fixture.string(), "--subject",
                                                    "laptop-1", "--decision", "confirm"});
    const auto from_cli = sequence(ledger_at(headless_dir), id, true);
    CHECK(from_ui == from_cli);
    CHECK(from_ui.size() > 8);  // start, the steps with their checks, fingerprint, recommendation, decision, end
}

TEST_CASE("an interview through the UI and through kiosk session run writes the same records in the same order") {
    test::TempDir dir;
    auto clip = test::make_clip(dir.path(), 320, 240, 3);
    if (!clip) {
        MESSAGE("skipped: ffmpeg is not installed");
        return;
    }
    ui::Controller controller(context_for(dir), {});
    controller.continue_unregistered();
    controller.choose_source(clip->string());
    controller.set_interview_subject("cand-1");
    REQUIRE(controller.to_consent());
    controller.settle();
    REQUIRE(controller.give_consent());
    controller.settle();
    REQUIRE_MESSAGE(controller.interview().step == ui::InterviewStep::live, controller.interview().message);
    // Until the analysis measured the clip or the clip ended (on a loaded machine the face models can
    // take longer to load than the clip plays): either way the flow writes the same records.
    REQUIRE(wait_for([&] {
        auto video = controller.video();
        return video && (video->assessment.has_value() || video->state == app::VideoSnapshot::State::ended);
    }, event_ceiling));
    REQUIRE(controller.finish_analysis());
    controller.settle();
    REQUIRE_MESSAGE(controller.interview().step == ui::InterviewStep::decision, controller.interview().message);
    REQUIRE(controller.decide_interview({session::Decision::Kind::confirm, std::nullopt, "", ""}));
    controller.settle();
    REQUIRE(controller.interview().step == ui::InterviewStep::done);
    const auto from_ui = sequence(open_ledger(dir), controller.interview().session, false);

    const auto headless_dir = dir / "headless";
    const auto id = headless_session(headless_dir, {"--workflow", "interview", "--source", clip->string(), "--consent",
                                                    "--subject", "cand-1", "--decision", "confirm"});
    const auto from_cli = sequence(ledger_at(headless_dir), id, false);
    CHECK(from_ui == from_cli);
    const std::vector<std::string> steps{"source_authenticity", "camera_authenticity", "consent", "deepfake_analysis",
                                         "challenges", "recruiter_decision"};
    std::vector<std::string> recorded_steps;
    for (const auto& entry : from_ui)
        if (entry.starts_with("session.step:")) recorded_steps.push_back(entry.substr(13));
    CHECK(recorded_steps == steps);
}
