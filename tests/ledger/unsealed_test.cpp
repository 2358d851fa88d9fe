// A full disk or size cap at the worst moment: records committed, their checkpoint refused. The
// command says exactly what was kept, exits with the I/O code, and a retry writes nothing twice.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/exit_code.h"
#include "ledger/record.h"
#include "ledger/verify.h"
#include "ledger_support.h"

using namespace kiosk;

namespace {

// SQLite cannot be made to run out of space on one table, so a trigger refuses checkpoints the
// way a full disk would refuse the pages they need.
constexpr std::string_view refuse_checkpoints =
    "CREATE TRIGGER refuse_checkpoints BEFORE INSERT ON checkpoints BEGIN "
    "SELECT RAISE(FAIL, 'database or disk is full'); END";

test::Run session_run(const test::TestLedger& t, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"session", "run", "--workflow", "handoff", "--root",
                                     (test::fixtures() / "host" / "laptop").string(), "--operator", "it-7",
                                     "--subject", "cand-1", "--json", "--config", t.config().string(),
                                     "--data-dir", t.data_dir().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return test::kiosk(args);
}

std::size_t session_ends(ledger::Ledger& ledger) { return ledger.records_of_type("session.end").value().size(); }

}  // namespace

TEST_CASE("unsealed: a session whose checkpoint is refused is stored complete, says so, and exits 5") {
    test::TestLedger t;
    test::write_file(t.config(), "[kiosk]\nid = \"kiosk-test\"\n");
    { auto created = t.open(); }
    test::sql(t.data_dir(), std::string(refuse_checkpoints));

    auto run = session_run(t);
    CHECK(run.code == exit_io);
    CHECK_MESSAGE(run.err.find("is stored complete, but no checkpoint covers it yet") != std::string::npos, run.err);
    CHECK_MESSAGE(run.err.find("kiosk ledger checkpoint") != std::string::npos, run.err);
    CHECK(std::ranges::count(run.err, '\n') == 1);  // one line
    auto result = nlohmann::json::parse(run.out);   // the session's result is still reported
    CHECK(result["sealed"] == false);
    const auto id = result["session"].get<std::string>();

    auto ledger = t.open();
    CHECK(session_ends(ledger) == 1);
    CHECK((*ledger.session(id).value()).status == ledger::SessionStatus::complete);
    auto report = ledger::verify_ledger(ledger);  // unsealed records are valid, just not yet signed
    CHECK_MESSAGE(report.ok, report.problem);
    CHECK(report.signed_records < report.records);

    test::sql(t.data_dir(), "DROP TRIGGER refuse_checkpoints");
    auto sealed = t.cli({"checkpoint"});  // the retry the message names: signs, writes no record twice
    CHECK_MESSAGE(sealed.code == exit_ok, sealed.err);
    CHECK(sealed.out.find("signed checkpoint") != std::string::npos);
    auto after = t.open();
    CHECK(session_ends(after) == 1);
    auto verified = ledger::verify_ledger(after);
    CHECK_MESSAGE(verified.ok, verified.problem);
    CHECK(verified.signed_records + 1 == verified.records);  // all but the last checkpoint's own reference
}

TEST_CASE("unsealed: a size-capped ledger that fills up mid-run exits 5, keeps what it says, and verifies") {
    test::TestLedger t;
    test::write_file(t.config(), "[kiosk]\nid = \"kiosk-test\"\n[ledger]\nmax_size_mb = 1\n");
    {
        auto options = t.options();
        options.max_bytes = 1024 * 1024;
        auto ledger = ledger::Ledger::open(options).value();
        // Fill with ever smaller records until even a small one no longer fits.
        for (std::size_t pad = 16384; pad >= 64;) {
            auto appended = ledger.append("check.result", "s-fill", {{"id", "fill"}, {"pad", std::string(pad, 'x')}});
            if (!appended) {
                REQUIRE(appended.error().kind == ErrorKind::full);
                pad /= 2;
            }
        }
    }
    for (int attempt = 0; attempt < 2; ++attempt) {  // the retry fails the same way and adds nothing
        CAPTURE(attempt);
        auto run = session_run(t);
        CHECK(run.code == exit_io);
        CHECK_MESSAGE(run.err.find("no space left") != std::string::npos, run.err);
        CHECK(std::ranges::count(run.err, '\n') == 1);
        auto ledger = t.open();
        CHECK(session_ends(ledger) == 0);  // no session claims to have ended
        auto report = ledger::verify_ledger(ledger);
        CHECK_MESSAGE(report.ok, report.problem);
        auto listed = t.cli({"list"});
        CHECK(listed.out.find(" complete") == std::string::npos);
    }
}

TEST_CASE("exit codes: a missing ledger, a tampered one and bad usage are told apart") {
    test::TestLedger t;
    CHECK(t.cli({"verify"}).code == exit_bad_input);  // no ledger there: not found
    {
        auto ledger = t.open();
        test::write_session(ledger, "s-1", "cand-1");
    }
    CHECK(t.cli({"verify"}).code == exit_ok);
    CHECK(t.cli({"verify", "--no-such-flag"}).code == exit_bad_input);
    CHECK(t.cli({"show", "s-nope"}).code == exit_bad_input);  // no such session
    test::sql(t.data_dir(), "UPDATE sessions SET recommendation = 'pass' WHERE id = 's-1'");
    auto tampered = t.cli({"verify", "--json"});
    CHECK(tampered.code == exit_tampered);
    CHECK(nlohmann::json::parse(tampered.out)["problem_kind"] == "tampered");
    CHECK(t.cli({"list"}).code == exit_tampered);
    CHECK(t.cli({"show", "s-1"}).code == exit_tampered);
}
