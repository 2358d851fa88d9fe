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

// A controller with one operator, alice, whose PIN is `alice_pin`; nobody signed in yet.
constexpr const char* alice_pin = "482913";
struct WithAlice {
    test::TempDir dir;
    ui::Controller controller{context_for(dir), {{"alice", hash_of(alice_pin)}}};

    static std::string hash_of(const char* pin) {
        auto hash = operators::hash_pin(pin);
        REQUIRE(hash);
        return *hash;
    }
    // Ticks as the frames would until the PIN check running now has been applied.
    bool pin_checked() {
        return tick_until(controller, [&] { return !controller.checking_pin(); }, 10s);
    }
};

TEST_CASE_FIXTURE(WithAlice, "sign-in and quitting need a configured operator's PIN") {
    controller.continue_unregistered();
    CHECK(controller.operator_name().empty());
    controller.sign_in("alice", "000000");
    REQUIRE(pin_checked());
    CHECK(controller.operator_name().empty());
    CHECK_FALSE(controller.sign_in_message().empty());
    controller.sign_in("alice", alice_pin);
    REQUIRE(pin_checked());
    CHECK(controller.operator_name() == "alice");

    controller.request(ui::Gate::quit);
    CHECK_FALSE(controller.take_granted());
    controller.unlock("alice", "111111");
    REQUIRE(pin_checked());
    CHECK_FALSE(controller.take_granted());
    controller.unlock("alice", alice_pin);
    REQUIRE(pin_checked());
    CHECK(controller.take_granted() == ui::Gate::quit);
}

TEST_CASE_FIXTURE(WithAlice, "a PIN prompt cancelled while its valid PIN is checked grants nothing - asked again it needs a PIN of its own") {
    controller.sign_in("alice", alice_pin);
    REQUIRE(pin_checked());
    REQUIRE(controller.operator_name() == "alice");

    controller.request(ui::Gate::leave_fullscreen);
    controller.unlock("alice", alice_pin);
    REQUIRE(controller.checking_pin());  // the check takes a while (Argon2id): cancel before it ends
    controller.cancel_gate();
    CHECK_FALSE(controller.pending_gate());
    REQUIRE(pin_checked());
    CHECK_FALSE(controller.take_granted());  // the shell would have left fullscreen on any granted gate
    CHECK_FALSE(controller.pending_gate());
    CHECK(controller.operator_name() == "alice");

    controller.request(ui::Gate::leave_fullscreen);
    CHECK(controller.pending_gate() == ui::Gate::leave_fullscreen);
    controller.tick();
    CHECK_FALSE(controller.take_granted());
    controller.unlock("alice", alice_pin);
    REQUIRE(pin_checked());
    CHECK(controller.take_granted() == ui::Gate::leave_fullscreen);  // exactly the gate asked for
    CHECK_FALSE(controller.take_granted());                          // once
    CHECK_FALSE(controller.pending_gate());
}

TEST_CASE_FIXTURE(WithAlice, "a wrong PIN keeps the prompt open and a sign-in check is never taken for a gate") {
    controller.sign_in("alice", alice_pin);
    controller.request(ui::Gate::quit);  // Ctrl+Q on the sign-in screen while its PIN is checked
    REQUIRE(pin_checked());
    CHECK(controller.operator_name() == "alice");
    CHECK_FALSE(controller.take_granted());
    CHECK(controller.pending_gate() == ui::Gate::quit);

    controller.unlock("alice", "000000");
    REQUIRE(pin_checked());
    CHECK_FALSE(controller.take_granted());
    CHECK(controller.pending_gate() == ui::Gate::quit);
    CHECK_FALSE(controller.sign_in_message().empty());
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
