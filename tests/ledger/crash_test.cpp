// Crash safety: a child process appending records is killed with SIGKILL; every record it
// committed survives, the ledger verifies, and its session shows as incomplete.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "ledger/verify.h"
#include "ledger_support.h"

using namespace kiosk;
using kiosk::test::TestLedger;

TEST_CASE("crash: SIGKILL in the middle of appends loses no committed record and leaves an incomplete session") {
    TestLedger t;
    auto options = t.options();
    options.durable = true;
    { auto ledger = ledger::Ledger::open(options); REQUIRE(ledger.has_value()); }
    int report[2];
    REQUIRE(::pipe(report) == 0);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(report[0]);
        auto ledger = ledger::Ledger::open(options);
        if (!ledger) ::_exit(3);
        if (!ledger->append("session.start", "s-crash", {{"workflow", "handoff"}, {"subject", "cand-9"}})) ::_exit(4);
        for (std::uint64_t i = 0;; ++i) {
            auto seq = ledger->append("check.result", "s-crash", {{"id", "loop"}, {"value", i}});
            if (!seq) ::_exit(5);
            // Tell the parent which record is committed: it must be there after the kill.
            std::uint64_t committed = *seq;
            if (::write(report[1], &committed, sizeof committed) != sizeof committed) ::_exit(6);
            if (i % 50 == 49) ledger->checkpoint();
        }
    }
    ::close(report[1]);
    std::uint64_t last_committed = 0, value = 0;
    std::uint64_t reports = 0;
    while (reports < 300 && ::read(report[0], &value, sizeof value) == sizeof value) {
        last_committed = value;
        ++reports;
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    while (::read(report[0], &value, sizeof value) == sizeof value) last_committed = value;  // reported before death
    ::close(report[0]);
    REQUIRE(reports == 300);
    CHECK(WIFSIGNALED(status));

    auto ledger = ledger::Ledger::open(options);
    REQUIRE(ledger.has_value());
    CHECK(*ledger->size() > last_committed);
    auto report_after = ledger::verify_ledger(*ledger);
    CHECK_MESSAGE(report_after.ok, report_after.problem);
    auto session = ledger->session("s-crash");
    REQUIRE(session->has_value());
    CHECK((*session)->status == ledger::SessionStatus::incomplete);
    CHECK((*session)->records >= 300);
    // The ledger goes on after the crash.
    test::write_session(*ledger, "s-after", "cand-10", 1);
    CHECK(ledger::verify_ledger(*ledger).ok);
    auto listed = t.cli({"list"});
    CHECK(listed.out.find("incomplete") != std::string::npos);
}

TEST_CASE("crash: SIGKILL during batched appends keeps every committed batch whole and no part of another") {
    TestLedger t;
    auto options = t.options();
    options.durable = true;
    { auto ledger = ledger::Ledger::open(options); REQUIRE(ledger.has_value()); }
    constexpr std::uint64_t batch_size = 7;
    int report[2];
    REQUIRE(::pipe(report) == 0);
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(report[0]);
        auto ledger = ledger::Ledger::open(options);
        if (!ledger) ::_exit(3);
        if (!ledger->append("session.start", "s-crash", {{"workflow", "handoff"}, {"subject", "cand-9"}})) ::_exit(4);
        for (std::uint64_t i = 0;; ++i) {
            std::vector<ledger::NewRecord> batch;
            for (std::uint64_t j = 0; j < batch_size; ++j)
                batch.push_back({"check.result", "s-crash", {{"id", "loop"}, {"batch", i}, {"value", j}}});
            auto first = ledger->append_batch(batch);
            if (!first) ::_exit(5);
            std::uint64_t committed = *first + batch_size - 1;
            if (::write(report[1], &committed, sizeof committed) != sizeof committed) ::_exit(6);
        }
    }
    ::close(report[1]);
    std::uint64_t last_committed = 0, value = 0, reports = 0;
    while (reports < 60 && ::read(report[0], &value, sizeof value) == sizeof value) {
        last_committed = value;
        ++reports;
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    while (::read(report[0], &value, sizeof value) == sizeof value) last_committed = value;
    ::close(report[0]);
    REQUIRE(reports == 60);
    CHECK(WIFSIGNALED(status));

    auto ledger = ledger::Ledger::open(options);
    REQUIRE(ledger.has_value());
    CHECK(*ledger->size() > last_committed);
    auto verified = ledger::verify_ledger(*ledger);
    CHECK_MESSAGE(verified.ok, verified.problem);
    auto session = ledger->session("s-crash");
    REQUIRE(session->has_value());
    CHECK((*session)->status == ledger::SessionStatus::incomplete);
    CHECK(((*session)->records - 1) % batch_size == 0);  // the start, then whole batches only
    CHECK((*session)->records - 1 >= reports * batch_size);
}
