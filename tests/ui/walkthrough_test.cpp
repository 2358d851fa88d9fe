// Each workflow walked through the controller the screens drive (no window): the ledger must end
// with the records of what happened, in order, and a human decision apart from the recommendation.
#include <doctest/doctest.h>

#include <thread>

#include "ledger/ledger.h"
#include "ledger/verify.h"
#include "support.h"
#include "ui/controller.h"
#include "controller_test_support.h"
#include "ui_test_support.h"

using namespace kiosk;
using namespace kiosk::test;
using namespace std::chrono_literals;

namespace {

// The record types of a session, in ledger order.
std::vector<std::string> types_of(const ledger::Ledger& ledger, const std::string& session) {
    std::vector<std::string> types;
    const auto records = ledger.session_records(session);
    REQUIRE(records);
    for (const auto& record : *records) types.push_back(record.type);
    return types;
}

std::size_t count(const std::vector<std::string>& types, std::string_view type) {
    return static_cast<std::size_t>(std::ranges::count(types, type));
}

}  // namespace

TEST_CASE("nobody reaches a workflow before signing in - with no operators the kiosk runs as unregistered") {
    test::TempDir dir;
    ui::Controller controller(context_for(dir), {});
    controller.open(ui::Screen::interview);
    CHECK(controller.screen() == ui::Screen::sign_in);
    controller.continue_unregistered();
    CHECK(controller.operator_name() == "unregistered");
    CHECK(controller.screen() == ui::Screen::home);
    controller.request(ui::Gate::quit);  // nobody's PIN exists to ask for
    CHECK(controller.take_granted() == ui::Gate::quit);
}

TEST_CASE("sign-in and quitting need a configured operator's PIN") {
    test::TempDir dir;
    auto hash = operators::hash_pin("482913");
    REQUIRE(hash);
    ui::Controller controller(context_for(dir), {{"alice", *hash}});
    controller.continue_unregistered();
    CHECK(controller.operator_name().empty());
    controller.sign_in("alice", "000000");
    REQUIRE(wait_for([&] { controller.tick(); return !controller.checking_pin(); }, 10s));
    CHECK(controller.operator_name().empty());
    CHECK_FALSE(controller.sign_in_message().empty());
    controller.sign_in("alice", "482913");
    REQUIRE(wait_for([&] { controller.tick(); return !controller.checking_pin(); }, 10s));
    CHECK(controller.operator_name() == "alice");

    controller.request(ui::Gate::quit);
    CHECK_FALSE(controller.take_granted());
    controller.unlock("alice", "111111");
    REQUIRE(wait_for([&] { controller.tick(); return !controller.checking_pin(); }, 10s));
    CHECK_FALSE(controller.take_granted());
    controller.unlock("alice", "482913");
    REQUIRE(wait_for([&] { controller.tick(); return !controller.checking_pin(); }, 10s));
    CHECK(controller.take_granted() == ui::Gate::quit);
}

TEST_CASE("interview walk-through: source then consent then live video then recommendation then override with reason") {
    test::TempDir dir;
    auto clip = test::make_clip(dir.path(), 640, 360, 2);
    if (!clip) {
        MESSAGE("skipped: ffmpeg is not installed");
        return;
    }
    ui::Controller controller(context_for(dir), {});
    controller.continue_unregistered();
    controller.open(ui::Screen::interview);
    controller.choose_source(clip->string());
    CHECK_FALSE(controller.to_consent());  // no candidate reference yet
    controller.set_interview_subject("cand-0042");
    REQUIRE(controller.to_consent());
    controller.settle();  // the actions record on the background worker
    REQUIRE(controller.give_consent());
    controller.settle();
    REQUIRE(wait_for([&] { auto video = controller.video(); return video && video->frame_index >= 20; }, 20s));
    REQUIRE(controller.finish_analysis());
    controller.settle();
    REQUIRE(controller.interview().recommendation);
    CHECK_FALSE(controller.decide_interview({session::Decision::Kind::override, session::Verdict::pass, "", ""}));
    REQUIRE(controller.decide_interview(
        {session::Decision::Kind::override, session::Verdict::pass, "", "candidate re-interviewed in person"}));
    controller.settle();
    CHECK(controller.interview().decision == session::Verdict::pass);

    auto ledger = open_ledger(dir);
    const auto types = types_of(ledger, controller.interview().session);
    REQUIRE_FALSE(types.empty());
    CHECK(types.front() == "session.start");
    CHECK(count(types, "session.consent") == 1);
    CHECK(count(types, "session.step") == session::steps(session::Workflow::interview).size());
    CHECK(count(types, "session.recommendation") == 1);
    CHECK(count(types, "session.decision") == 1);
    CHECK(types.back() == "session.end");
    auto summary = ledger.session(controller.interview().session).value();
    REQUIRE(summary);
    CHECK(summary->operator_name == "unregistered");
    CHECK(summary->decision == "pass");
    CHECK(summary->status == ledger::SessionStatus::complete);
    CHECK(ledger::verify_ledger(ledger).ok);
}

TEST_CASE("a declined consent is recorded and nothing is analysed") {
    test::TempDir dir;
    ui::Controller controller(context_for(dir), {});
    controller.continue_unregistered();
    controller.choose_source("/nonexistent/never-opened.mp4");
    controller.set_interview_subject("cand-0043");
    REQUIRE(controller.to_consent());
    controller.settle();
    REQUIRE(controller.decline_consent());
    controller.settle();
    CHECK(controller.interview().step == ui::InterviewStep::done);
    CHECK_FALSE(controller.video());
    auto ledger = open_ledger(dir);
    const auto types = types_of(ledger, controller.interview().session);
    CHECK(count(types, "session.consent") == 0);
    CHECK(types.back() == "session.end");
}
