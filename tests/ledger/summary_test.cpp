// The sessions table and each record row's type, session and time columns are unsigned copies of
// what the record lines say. `kiosk ledger verify` names any edit to them (session or record, and
// the field); `list` and `show` refuse an edited row rather than show it as if it were true.
// (Whether the lines themselves were changed only verify can tell: tamper_test.cpp.)
#include <doctest/doctest.h>

#include "core/exit_code.h"
#include "ledger/ledger.h"
#include "ledger_support.h"

using namespace kiosk;
using kiosk::test::TestLedger;

namespace {

void two_sessions(const TestLedger& t) {
    auto ledger = t.open();
    test::write_session(ledger, "s-1", "cand-1");
    test::write_session(ledger, "s-2", "cand-2");
}

bool has(const std::string& text, std::string_view words) { return text.find(words) != std::string::npos; }

std::uint64_t first_seq(const TestLedger& t, const std::string& session) {
    return ledger::Ledger::open_existing(t.options())->session(session)->value().first_seq;
}

}  // namespace

TEST_CASE("summary: a recommendation rewritten in the sessions table fails verify, list and show") {
    TestLedger t;
    two_sessions(t);
    REQUIRE(t.cli({"verify"}).code == 0);
    // The example: the signed session.recommendation says review; the row is made to say pass.
    test::sql(t.data_dir(), "UPDATE sessions SET recommendation = 'pass' WHERE id = 's-2'");
    auto verified = t.cli({"verify"});
    CHECK(verified.code == kiosk::exit_tampered);
    CHECK_MESSAGE(has(verified.err, "kiosk ledger verify: session s-2: the sessions table says recommendation 'pass' "
                                    "but its records say 'review' (the table was changed; the records verify)"),
                  verified.err);
    auto json = nlohmann::json::parse(t.cli({"verify", "--json"}).out);
    CHECK(json["ok"] == false);
    CHECK(has(json["problem"].get<std::string>(), "recommendation"));
    for (const std::vector<std::string>& args : {std::vector<std::string>{"list"},
                                                 {"list", "--json"},
                                                 {"list", "--verdict", "pass"},
                                                 {"list", "--subject", "cand-1"},
                                                 {"show", "s-2"},
                                                 {"show", "s-2", "--json"}}) {
        auto run = t.cli(args);
        CHECK(run.code == kiosk::exit_tampered);
        CHECK_MESSAGE(run.out.empty(), run.out);  // nothing listed as if it were true
        CHECK_MESSAGE(has(run.err, "session s-2: the sessions table says recommendation 'pass' but its records say "
                                   "'review' (run kiosk ledger verify)"),
                      run.err);
    }
}

TEST_CASE("summary: each edited field, a deleted row and an added row are named by verify") {
    struct Edit {
        std::string statement, words;
    };
    const Edit edits[] = {
        {"UPDATE sessions SET workflow = 'handoff' WHERE id = 's-1'", "session s-1: the sessions table says workflow 'handoff'"},
        {"UPDATE sessions SET subject = 'cand-9' WHERE id = 's-1'", "session s-1: the sessions table says subject 'cand-9'"},
        {"UPDATE sessions SET operator = 'op-9' WHERE id = 's-2'", "session s-2: the sessions table says operator 'op-9'"},
        {"UPDATE sessions SET started = '2020-01-01T00:00:00.000Z' WHERE id = 's-1'", "says started '2020-01-01"},
        {"UPDATE sessions SET ended = NULL WHERE id = 's-2'", "session s-2: the sessions table says ended ''"},
        {"UPDATE sessions SET decision = 'pass', decided_by = 'boss' WHERE id = 's-1'", "says decision 'pass'"},
        {"UPDATE sessions SET decided_by = 'boss' WHERE id = 's-1'", "says decided_by 'boss'"},
        {"UPDATE sessions SET records = 3 WHERE id = 's-2'", "session s-2: the sessions table says records '3'"},
        {"UPDATE sessions SET first_seq = 0 WHERE id = 's-2'", "says first_seq '0'"},
        {"UPDATE sessions SET purged = 1 WHERE id = 's-1'", "says purged 'yes' but its records say 'no'"},
        {"DELETE FROM sessions WHERE id = 's-1'", "session s-1: its records are missing from the sessions table"},
        {"INSERT INTO sessions(id, workflow, subject, started, first_seq, last_seq, records) "
         "VALUES('s-x', 'interview', 'ghost', '2026-01-01T00:00:00.000Z', 1, 1, 1)",
         "session s-x: in the sessions table but no record starts it"},
    };
    for (const auto& edit : edits) {
        CAPTURE(edit.statement);
        TestLedger t;
        two_sessions(t);
        test::sql(t.data_dir(), edit.statement);
        auto run = t.cli({"verify"});
        CHECK(run.code == kiosk::exit_tampered);
        CHECK_MESSAGE(has(run.err, edit.words), run.err);
        CHECK(t.cli({"list"}).code == kiosk::exit_tampered);
    }
}

TEST_CASE("summary: a record row filed under another session or retyped is named; list and show refuse it") {
    TestLedger t;
    two_sessions(t);
    const auto moved = std::to_string(first_seq(t, "s-2") + 1);  // a check of s-2
    test::sql(t.data_dir(), "UPDATE records SET session = 's-1' WHERE seq = " + moved);
    auto run = t.cli({"verify"});
    CHECK(run.code == kiosk::exit_tampered);
    CHECK_MESSAGE(has(run.err, "record " + moved + ": its stored session column says 's-1' but its signed line says 's-2'"),
                  run.err);
    auto listed = t.cli({"list"});  // the table's counts no longer match the rows
    CHECK(listed.code == kiosk::exit_tampered);
    CHECK_MESSAGE(has(listed.err, "session s-1: the sessions table says last_seq"), listed.err);

    // A careful attacker fixes the table's counts as well: show still finds that the line names another session.
    test::sql(t.data_dir(), "UPDATE sessions SET records = records + 1, last_seq = " + moved +
                                " WHERE id = 's-1'; UPDATE sessions SET records = records - 1 WHERE id = 's-2'");
    CHECK(t.cli({"list"}).code == 0);
    auto shown = t.cli({"show", "s-1"});
    CHECK(shown.code == kiosk::exit_tampered);
    CHECK(shown.out.empty());
    CHECK_MESSAGE(has(shown.err, "record " + moved + " is filed under session s-1 but its signed line names 's-2'"),
                  shown.err);
    CHECK(has(t.cli({"verify"}).err, "record " + moved + ": its stored session column says 's-1'"));

    test::sql(t.data_dir(), "UPDATE records SET session = 's-2', type = 'session.note' WHERE seq = " + moved);
    auto retyped = t.cli({"verify"});
    CHECK_MESSAGE(has(retyped.err, "record " + moved + ": its stored type column says 'session.note'"), retyped.err);
}

TEST_CASE("summary: a purged session still verifies and lists; restoring its subject in the table is named") {
    TestLedger t;
    two_sessions(t);
    REQUIRE(t.cli({"purge", "--before", "2999-01-01"}).code == 0);
    CHECK(t.cli({"verify"}).code == 0);
    auto listed = t.cli({"list"});
    CHECK(listed.code == 0);
    CHECK(has(listed.out, "purged"));
    test::sql(t.data_dir(), "UPDATE sessions SET subject = 'cand-1' WHERE id = 's-1'");
    auto run = t.cli({"verify"});
    CHECK(run.code == kiosk::exit_tampered);
    CHECK_MESSAGE(has(run.err, "session s-1: the sessions table says subject 'cand-1' but its records say ''"), run.err);
}

TEST_CASE("summary: after a purge the kept verdicts stay signed, and a purge trusts no edited start time") {
    TestLedger t;
    two_sessions(t);
    // An edited start time is refused before anything is purged.
    test::sql(t.data_dir(), "UPDATE sessions SET started = '2000-01-01T00:00:00.000Z' WHERE id = 's-2'");
    auto early = t.cli({"purge", "--before", "2001-01-01"});
    CHECK(early.code == kiosk::exit_tampered);
    CHECK_MESSAGE(has(early.err, "session s-2: the sessions table says started"), early.err);
    CHECK_FALSE(has(t.cli({"list"}).out, "purged"));
    test::sql(t.data_dir(), "UPDATE sessions SET started = (SELECT ts FROM records WHERE seq = first_seq) WHERE id = 's-2'");
    REQUIRE(t.cli({"verify"}).code == 0);

    REQUIRE(t.cli({"purge", "--before", "2999-01-01"}).code == 0);
    REQUIRE(t.cli({"verify"}).code == 0);
    // The recommendation outlives the purged bodies in the table; the purge record signs it.
    test::sql(t.data_dir(), "UPDATE sessions SET recommendation = 'pass' WHERE id = 's-1'");
    auto run = t.cli({"verify"});
    CHECK(run.code == kiosk::exit_tampered);
    CHECK_MESSAGE(has(run.err, "session s-1: the sessions table says recommendation 'pass' but its records say 'review'"),
                  run.err);
    CHECK(t.cli({"list"}).code == kiosk::exit_tampered);
}
