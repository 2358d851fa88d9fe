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

namespace {

// The child's side of the pipe: each seq it writes is committed and must survive the kill.
void tell_committed(int report, std::uint64_t seq) {
    if (::write(report, &seq, sizeof seq) != sizeof seq) ::_exit(6);
}

struct AfterCrash {
    ledger::Ledger ledger;           // reopened after the kill
    ledger::SessionSummary session;  // the crashed session "s-crash"
};

// Forks a child that opens the ledger, starts session "s-crash" and runs append_forever(ledger,
// report fd); kills it with SIGKILL after `reports` committed seqs, then checks what any crash must
// leave: every reported record still there, the ledger verifying, the session incomplete.
template <typename AppendForever>
AfterCrash kill_while_appending(const ledger::LedgerOptions& options, std::uint64_t reports,
                                AppendForever append_forever) {
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
        append_forever(*ledger, report[1]);
        ::_exit(7);  // append_forever only ends by failing
    }
    ::close(report[1]);
    std::uint64_t last_committed = 0, value = 0, received = 0;
    while (received < reports && ::read(report[0], &value, sizeof value) == sizeof value) {
        last_committed = value;
        ++received;
    }
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    while (::read(report[0], &value, sizeof value) == sizeof value) last_committed = value;  // reported before death
    ::close(report[0]);
    REQUIRE(received == reports);
    CHECK(WIFSIGNALED(status));

    auto reopened = ledger::Ledger::open(options);
    REQUIRE(reopened.has_value());
    CHECK(*reopened->size() > last_committed);
    auto verified = ledger::verify_ledger(*reopened);
    CHECK_MESSAGE(verified.ok, verified.problem);
    auto session = reopened->session("s-crash");
    REQUIRE(session.has_value());
    REQUIRE(session->has_value());
    CHECK((*session)->status == ledger::SessionStatus::incomplete);
    return {std::move(*reopened), std::move(**session)};
}

}  // namespace

TEST_CASE("crash: SIGKILL in the middle of appends loses no committed record and leaves an incomplete session") {
    TestLedger t;
    auto options = t.options();
    options.durable = true;
    auto crashed = kill_while_appending(options, 300, [](ledger::Ledger& ledger, int report) {
        for (std::uint64_t i = 0;; ++i) {
            auto appended = ledger.append("check.result", "s-crash", {{"id", "loop"}, {"value", i}});
            if (!appended) return;
            tell_committed(report, appended->last);
            if (i % 50 == 49) ledger.checkpoint();
        }
    });
    CHECK(crashed.session.records >= 300);
    // The ledger goes on after the crash.
    test::write_session(crashed.ledger, "s-after", "cand-10", 1);
    CHECK(ledger::verify_ledger(crashed.ledger).ok);
    auto listed = t.cli({"list"});
    CHECK(listed.out.find("incomplete") != std::string::npos);
}

TEST_CASE("crash: SIGKILL during batched appends keeps every committed batch whole and no part of another") {
    TestLedger t;
    auto options = t.options();
    options.durable = true;
    constexpr std::uint64_t batch_size = 7, batches = 60;
    auto crashed = kill_while_appending(options, batches, [](ledger::Ledger& ledger, int report) {
        for (std::uint64_t i = 0;; ++i) {
            std::vector<ledger::NewRecord> batch;
            for (std::uint64_t j = 0; j < batch_size; ++j)
                batch.push_back({"check.result", "s-crash", {{"id", "loop"}, {"batch", i}, {"value", j}}});
            auto appended = ledger.append_batch(batch);
            if (!appended) return;
            tell_committed(report, appended->last);
        }
    });
    CHECK((crashed.session.records - 1) % batch_size == 0);  // the start, then whole batches only
    CHECK(crashed.session.records - 1 >= batches * batch_size);
}
