// The workflows' flows on their own: a flow without its people writes nothing, a declined
// consent ends the interview with every step accounted for, a handoff inspected again after a
// change records the new machine and makes its recommendation again, and a flow finished without a
// decision records the decision step as skipped.
#include <doctest/doctest.h>

#include <algorithm>

#include "ledger/record.h"
#include "session/handoff_flow.h"
#include "session/interview_flow.h"
#include "session/step_runners.h"
#include "session_support.h"

using namespace kiosk;
using namespace kiosk::session;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> steps_of(const Flow& flow) {
    std::vector<std::string> ids;
    for (const auto& outcome : flow.outcomes()) ids.push_back(outcome.step + (outcome.status == StepStatus::ran ? "" : " (skipped)"));
    return ids;
}

std::vector<std::string> types_of(const ledger::Ledger& ledger, const std::string& session) {
    std::vector<std::string> types;
    const auto records = ledger.session_records(session);
    REQUIRE(records);
    for (const auto& record : *records) types.push_back(record.type);
    return types;
}

// A writable copy of the laptop fixture.
fs::path laptop_copy(const test::TempDir& dir) {
    const auto root = dir / "laptop";
    fs::copy(test::fixtures() / "host" / "laptop", root, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    return root;
}

}  // namespace

TEST_CASE("flow: a flow without its operator or subject writes nothing") {
    test::TempDir dir;
    auto ledger = test::scratch_ledger(dir / "data", "kiosk-f");
    const auto before = ledger.size().value();
    CHECK_FALSE(InterviewFlow::start(ledger, Config::defaults(), {"", "cand", std::nullopt, std::nullopt}));
    CHECK_FALSE(HandoffFlow::start(ledger, Config::defaults(), {"op", "", (test::fixtures() / "host" / "laptop").string()}));
    CHECK(ledger.size().value() == before);
}

TEST_CASE("flow: a declined consent ends the interview with every step skipped and nothing analysed") {
    test::TempDir dir;
    auto ledger = test::scratch_ledger(dir / "data", "kiosk-f");
    auto flow = InterviewFlow::start(ledger, Config::defaults(), {"op", "cand", std::nullopt, std::nullopt});
    REQUIRE_MESSAGE(flow, flow.error().message);
    REQUIRE(flow->decline_consent());
    CHECK(steps_of(*flow) == std::vector<std::string>{"source_authenticity (skipped)", "camera_authenticity (skipped)",
                                                       "consent (skipped)", "deepfake_analysis (skipped)",
                                                       "challenges (skipped)", "recruiter_decision (skipped)"});
    const auto types = types_of(ledger, flow->id());
    CHECK(types.back() == "session.end");
    CHECK(std::ranges::count(types, "session.consent") == 0);
    CHECK(std::ranges::count(types, "session.recommendation") == 0);
    CHECK_FALSE(flow->record_analysis(skipped(step_id::deepfake_analysis, "late")));  // the session has ended
}

TEST_CASE("flow: an analysis outcome is refused as another step, and analysis before consent is refused") {
    test::TempDir dir;
    auto ledger = test::scratch_ledger(dir / "data", "kiosk-f");
    auto flow = InterviewFlow::start(ledger, Config::defaults(), {"op", "cand", std::nullopt, std::nullopt});
    REQUIRE(flow);
    CHECK_FALSE(flow->record_analysis(skipped(step_id::challenges, "not the analysis")));
    StepOutcome measured;
    measured.step = step_id::deepfake_analysis;
    measured.status = StepStatus::ran;
    measured.reason = "analysed";
    CHECK_FALSE(flow->record_analysis(measured));  // no consent recorded yet
}

TEST_CASE("flow: a handoff inspected again after a KVM is plugged in records it and makes the recommendation again") {
    const auto pikvm = test::fixtures() / "host" / "pikvm_v4";
    if (!fs::exists(pikvm)) {
        MESSAGE("skipped: tests/fixtures/host/pikvm_v4 is absent");
        return;
    }
    test::TempDir dir;
    auto ledger = test::scratch_ledger(dir / "data", "kiosk-f");
    const auto root = laptop_copy(dir);
    auto flow = HandoffFlow::start(ledger, Config::defaults(), {"it-7", "laptop-3", root.string()});
    REQUIRE_MESSAGE(flow, flow.error().message);
    auto first = flow->record_liveness(skipped(step_id::liveness, "no camera"));
    REQUIRE(first);
    CHECK(first->verdict != Verdict::fail);  // a clean laptop

    // The PiKVM's USB gadget appears on port 1-1 after the inspection.
    const fs::path usb1 = "sys/devices/pci0000:00/0000:00:14.0/usb1";
    fs::copy(pikvm / usb1 / "1-1", root / usb1 / "1-1", fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    for (const char* link : {"1-1", "1-1:1.0", "1-1:1.1", "1-1:1.2", "1-1:1.3"})
        fs::copy_symlink(pikvm / "sys/bus/usb/devices" / link, root / "sys/bus/usb/devices" / link);
    REQUIRE(flow->reinspect("usb device added"));
    REQUIRE(flow->recommendation());
    CHECK(flow->recommendation()->verdict == Verdict::fail);

    auto finished = flow->finish(Decision{Decision::Kind::confirm, std::nullopt, "it-7", ""});
    REQUIRE_MESSAGE(finished, finished.error().message);
    CHECK(finished->decision == Verdict::fail);  // the decision confirms the newest recommendation
    const auto types = types_of(ledger, flow->id());
    CHECK(std::ranges::count(types, "session.recommendation") == 2);
    CHECK(std::ranges::count(types, "session.fingerprint") == 2);
    CHECK(types.back() == "session.end");
}

TEST_CASE("flow: finished without a decision, the decision step is recorded skipped and no verdict is claimed") {
    test::TempDir dir;
    auto ledger = test::scratch_ledger(dir / "data", "kiosk-f");
    auto flow = HandoffFlow::start(ledger, Config::defaults(), {"it-7", "laptop-4", (test::fixtures() / "host" / "laptop").string()});
    REQUIRE(flow);
    REQUIRE(flow->record_liveness(skipped(step_id::liveness, "no camera")));
    CHECK_FALSE(flow->finish(Decision{Decision::Kind::override, std::nullopt, "it-7", "no verdict"}));  // refused, nothing written
    auto finished = flow->finish(std::nullopt);
    REQUIRE(finished);
    CHECK_FALSE(finished->decision);
    CHECK(steps_of(*flow).back() == "it_signoff (skipped)");
    const auto types = types_of(ledger, flow->id());
    CHECK(std::ranges::count(types, "session.decision") == 0);
    CHECK(types.back() == "session.end");
}
