// Checkpoints with no appends to trigger them (`kiosk ledger checkpoint`, run by a timer), and
// group commit (append_batch): one transaction, in order, all or none.
#include <doctest/doctest.h>

#include "ledger/verify.h"
#include "ledger_support.h"

using namespace kiosk;
using kiosk::test::TestLedger;
using namespace std::chrono_literals;

namespace {

std::chrono::system_clock::time_point start_time() {
    return std::chrono::sys_days{std::chrono::year{2026} / 1 / 31} + 9h;
}

}  // namespace

TEST_CASE("checkpoint: records left unsigned are signed once the interval has passed and not before") {
    TestLedger t;
    auto now = start_time();
    auto options = t.options();
    options.clock = [&now] { return now; };
    auto ledger = ledger::Ledger::open(options);
    REQUIRE(ledger.has_value());
    test::write_session(*ledger, "s-1", "cand-1", 2);  // its end signs a checkpoint at 09:00
    const auto first = ledger->latest_checkpoint();
    REQUIRE(first->has_value());
    CHECK(ledger->checkpoint_if_due()->has_value() == false);  // nothing new

    REQUIRE(ledger->append("session.start", "s-2", {{"workflow", "handoff"}}).has_value());
    now += 10min;
    CHECK(ledger->checkpoint_if_due()->has_value() == false);  // new record, but the last checkpoint is young
    CHECK((*ledger->latest_checkpoint())->checkpoint.size == (*first)->checkpoint.size);

    now += 51min;
    auto due = ledger->checkpoint_if_due();
    REQUIRE(due.has_value());
    REQUIRE(due->has_value());
    CHECK((*due)->checkpoint.size == *ledger->size() - 1);  // everything but its own checkpoint.ref
    CHECK((*due)->checkpoint.time == "2026-01-31T10:01:00.000Z");

    now += 5h;  // hours pass with no records: nothing to sign
    CHECK(ledger->checkpoint_if_due()->has_value() == false);
    auto report = ledger::verify_ledger(*ledger);
    CHECK_MESSAGE(report.ok, report.problem);
    CHECK(report.checkpoints == 3);  // after the first record, at the session end, and the one due
}

TEST_CASE("checkpoint: the CLI signs when due and says so when not") {
    TestLedger t;
    auto now = start_time();  // long ago, as the real clock sees it
    auto options = t.options();
    options.clock = [&now] { return now; };
    {
        auto ledger = ledger::Ledger::open(options);
        REQUIRE(ledger.has_value());
        test::write_session(*ledger, "s-1", "cand-1", 1);
    }
    auto nothing = t.cli({"checkpoint"});
    CHECK(nothing.code == 0);
    CHECK(nothing.out.find("no checkpoint due") != std::string::npos);
    {
        auto ledger = ledger::Ledger::open(options);
        REQUIRE(ledger->append("session.start", "s-2", {{"workflow", "handoff"}}).has_value());
    }
    auto signed_now = t.cli({"checkpoint", "--json"});
    REQUIRE_MESSAGE(signed_now.code == 0, signed_now.err);
    auto out = nlohmann::json::parse(signed_now.out);
    CHECK(out["signed"] == true);
    auto again = t.cli({"checkpoint", "--json"});
    CHECK(nlohmann::json::parse(again.out)["signed"] == false);
    CHECK(t.cli({"verify"}).code == 0);

    test::TempDir empty;
    auto missing = test::kiosk({"ledger", "checkpoint", "--data-dir", (empty / "none").string()});
    CHECK(missing.code == 2);
    CHECK(missing.err.find("kiosk ledger checkpoint: no ledger") == 0);
}

TEST_CASE("batch: append_batch writes a step and its checks in order in one go") {
    TestLedger t;
    auto ledger = t.open();
    REQUIRE(ledger.append("session.start", "s-b", {{"workflow", "interview"}}).has_value());
    std::vector<ledger::NewRecord> step = {{"session.step", "s-b", {{"step", "camera"}, {"checks", 3}}}};
    for (int i = 0; i < 3; ++i) step.push_back({"check.result", "s-b", {{"id", "check"}, {"value", i}}});
    const auto size_before = *ledger.size();
    auto first = ledger.append_batch(step);
    REQUIRE(first.has_value());
    CHECK(first->first == size_before);
    CHECK(first->last == size_before + 3);
    CHECK(*ledger.size() == size_before + 4);
    CHECK(ledger.record(first->last)->type == "check.result");
    CHECK(ledger.latest_checkpoint()->has_value() == true);  // the first checkpoint, as soon as there is more than the genesis

    const auto checkpoints_before = ledger.checkpoints()->size();
    std::vector<ledger::NewRecord> closing = {{"session.recommendation", "s-b", {{"verdict", "pass"}}},
                                              {"session.end", "s-b", {{"outcome", "completed"}}}};
    REQUIRE(ledger.append_batch(closing).has_value());
    CHECK(ledger.checkpoints()->size() == checkpoints_before + 1);  // a session.end in a batch is checkpointed
    auto session = ledger.session("s-b");
    CHECK((*session)->status == ledger::SessionStatus::complete);
    CHECK((*session)->records == 7);
    auto report = ledger::verify_ledger(ledger);
    CHECK_MESSAGE(report.ok, report.problem);
}

TEST_CASE("batch: a batch with one bad record writes none of it") {
    TestLedger t;
    auto ledger = t.open();
    const auto size_before = *ledger.size();
    std::vector<ledger::NewRecord> batch = {{"check.result", "s-x", {{"id", "ok"}}},
                                            {"check.result", "s-x", nlohmann::json::array({1, 2})}};
    CHECK_FALSE(ledger.append_batch(batch).has_value());
    CHECK_FALSE(ledger.append_batch({}).has_value());
    CHECK(*ledger.size() == size_before);
    // The ledger goes on normally after a refused batch.
    auto first = ledger.append_batch({batch.data(), 1});
    REQUIRE(first.has_value());
    CHECK(first->first == size_before);
    CHECK(ledger.record(size_before)->type == "check.result");
    CHECK(ledger::verify_ledger(ledger).ok);
}
