// The tamper matrix against the SQLite store: each change an attacker with file access can make is
// detected by `kiosk ledger verify`, which names the first bad record.
#include <doctest/doctest.h>

#include "core/exit_code.h"
#include "ledger/record.h"
#include "ledger/verify.h"
#include "ledger_support.h"

using namespace kiosk;
using kiosk::test::TestLedger;

namespace {

// Three ended sessions; returns the seq of the first check of the second one (a record in the middle).
std::uint64_t three_sessions(const TestLedger& t) {
    auto ledger = t.open();
    test::write_session(ledger, "s-1", "cand-1", 4);
    test::write_session(ledger, "s-2", "cand-2", 4);
    test::write_session(ledger, "s-3", "cand-3", 4);
    return ledger.session("s-2")->value().first_seq + 1;
}

ledger::VerifyReport verify(const TestLedger& t, ledger::VerifyOptions options = {}) {
    auto ledger = ledger::Ledger::open_existing(t.options());
    REQUIRE(ledger.has_value());
    return ledger::verify_ledger(*ledger, options);
}

void expect_bad(const ledger::VerifyReport& report, std::uint64_t seq, std::string_view words) {
    CHECK_FALSE(report.ok);
    CHECK_MESSAGE(report.first_bad == seq, report.problem);
    CHECK_MESSAGE(report.problem.find(words) != std::string::npos, report.problem);
}

std::uint64_t size_of(const TestLedger& t) { return *ledger::Ledger::open_existing(t.options())->size(); }

}  // namespace

TEST_CASE("tamper: an untouched ledger verifies") {
    TestLedger t;
    three_sessions(t);
    auto report = verify(t);
    CHECK_MESSAGE(report.ok, report.problem);
}

TEST_CASE("tamper: a bit flip in a record is named, whether or not the stored hashes are rewritten too") {
    TestLedger t;
    auto k = three_sessions(t);
    auto line = test::stored_line(t.data_dir(), k);
    line[line.find("test.check") + 5] ^= 0x01;  // "test.bheck"
    test::sql(t.data_dir(), "UPDATE records SET line = CAST(X'" + ledger::to_hex(line) + "' AS BLOB) WHERE seq = " + std::to_string(k));
    expect_bad(verify(t), k, "record " + std::to_string(k));
    test::rewrite_row(t.data_dir(), k, line);  // the careful attacker recomputes the row's hashes
    expect_bad(verify(t), k, "changed after it was written");
}

TEST_CASE("tamper: tail truncation under a signed checkpoint names the first missing record") {
    TestLedger t;
    three_sessions(t);
    auto size = size_of(t);
    test::sql(t.data_dir(), "DELETE FROM records WHERE seq >= " + std::to_string(size - 4));
    expect_bad(verify(t), size - 4, "truncated");
}

TEST_CASE("tamper: a torn last write is named") {
    TestLedger t;
    three_sessions(t);
    auto last = size_of(t) - 1;
    auto line = test::stored_line(t.data_dir(), last);
    test::rewrite_row(t.data_dir(), last, line.substr(0, line.size() / 2));
    expect_bad(verify(t), last, "torn");
}

TEST_CASE("tamper: two swapped records are named") {
    TestLedger t;
    auto k = three_sessions(t);
    auto a = test::stored_line(t.data_dir(), k), b = test::stored_line(t.data_dir(), k + 1);
    test::rewrite_row(t.data_dir(), k, b);
    test::rewrite_row(t.data_dir(), k + 1, a);
    expect_bad(verify(t), k, "carries seq");
}

TEST_CASE("tamper: a deleted record is named, with or without renumbering the rest") {
    TestLedger t;
    auto k = three_sessions(t);
    test::sql(t.data_dir(), "DELETE FROM records WHERE seq = " + std::to_string(k));
    expect_bad(verify(t), k, "missing");
    test::sql(t.data_dir(), "UPDATE records SET seq = seq - 1 WHERE seq > " + std::to_string(k));
    expect_bad(verify(t), k, "carries seq");
}

TEST_CASE("tamper: an inserted record with a correct prev hash is named") {
    TestLedger t;
    auto k = three_sessions(t);
    auto before = ledger::parse_record_line(test::stored_line(t.data_dir(), k - 1));
    auto forged = ledger::make_record_line(k, ledger::sha256(test::stored_line(t.data_dir(), k - 1)), before->ts,
                                           "kiosk-test", "check.result", "s-2", std::string(16, 'n'),
                                           {{"id", "test.check"}, {"value", 0}, {"forged", true}});
    test::sql(t.data_dir(), "UPDATE records SET seq = seq + 1000000 WHERE seq >= " + std::to_string(k) +
                                "; UPDATE records SET seq = seq - 999999 WHERE seq >= 1000000");
    test::sql(t.data_dir(), "INSERT INTO records(seq, line, line_hash, leaf, type, session, ts) VALUES(" +
                                std::to_string(k) + ", X'" + ledger::to_hex(forged) + "', X'00', X'00', 'check.result', 's-2', 'x')");
    test::rewrite_row(t.data_dir(), k, forged);
    expect_bad(verify(t), k, "inserted");
}

TEST_CASE("tamper: rollback to an older ledger is caught against the auditor's last checkpoint") {
    TestLedger t;
    test::TempDir snapshot;
    std::uint64_t old_size = 0;
    {
        auto ledger = t.open();
        test::write_session(ledger, "s-1", "cand-1", 2);
        old_size = *ledger.size();
    }
    std::filesystem::copy(t.data_dir() / "ledger.sqlite", snapshot / "ledger.sqlite");
    ledger::Checkpoint known;
    {
        auto ledger = t.open();
        test::write_session(ledger, "s-2", "cand-2", 2);
        known = ledger.latest_checkpoint()->value().checkpoint;
    }
    std::filesystem::copy(snapshot / "ledger.sqlite", t.data_dir() / "ledger.sqlite",
                          std::filesystem::copy_options::overwrite_existing);
    CHECK(verify(t).ok);  // on its own an older ledger is consistent: only outside memory can tell
    expect_bad(verify(t, {.known_checkpoint = known}), old_size, "rollback");
    auto saved = t.dir / "known.txt";
    test::write_file(saved, known.text());
    auto cli = t.cli({"verify", "--known-checkpoint", saved.string()});
    CHECK(cli.code == kiosk::exit_tampered);
    CHECK(cli.err.find("rollback") != std::string::npos);
}

TEST_CASE("tamper: a swapped key is caught by the genesis record and by the pinned key") {
    TestLedger t;
    three_sessions(t);
    const auto real = ledger::Ledger::open_existing(t.options())->public_key().value();
    auto attacker = ledger::SecretKey::generate();
    test::write_file(ledger::public_key_path(t.data_dir()), attacker.public_key().minisign_file());
    {
        auto ledger = ledger::Ledger::open_existing(t.options());
        auto checkpoints = ledger->checkpoints().value();
        for (const auto& checkpoint : checkpoints)
            test::sql(t.data_dir(), "UPDATE checkpoints SET minisig = '" +
                                        attacker.sign(checkpoint.text, checkpoint.checkpoint.trusted_comment()) +
                                        "' WHERE size = " + std::to_string(checkpoint.checkpoint.size));
    }
    expect_bad(verify(t), 0, "key swapped");
    auto pinned = verify(t, {.pinned_key = real});
    CHECK_FALSE(pinned.ok);
    CHECK_MESSAGE(pinned.problem.find("not the pinned key") != std::string::npos, pinned.problem);
    CHECK(pinned.first_bad.has_value());
}

TEST_CASE("tamper: an edited trusted comment fails — an edited untrusted comment still verifies") {
    TestLedger t;
    three_sessions(t);
    auto checkpoints = ledger::Ledger::open_existing(t.options())->checkpoints().value();
    const auto& target = checkpoints[1];
    auto untrusted = target.minisig;
    untrusted.replace(0, untrusted.find('\n'), "untrusted comment: edited by anyone");
    test::sql(t.data_dir(), "UPDATE checkpoints SET minisig = '" + untrusted + "' WHERE size = " +
                                std::to_string(target.checkpoint.size));
    auto report = verify(t);
    CHECK_MESSAGE(report.ok, report.problem);
    auto trusted = target.minisig;
    auto at = trusted.find("size=") + 5;
    trusted[at] = trusted[at] == '9' ? '8' : '9';
    test::sql(t.data_dir(), "UPDATE checkpoints SET minisig = '" + trusted + "' WHERE size = " +
                                std::to_string(target.checkpoint.size));
    expect_bad(verify(t), checkpoints[0].checkpoint.size, "trusted comment");
}

TEST_CASE("tamper: a record replayed from another kiosk's ledger is named") {
    TestLedger t, other;
    auto k = three_sessions(t);
    {
        auto ledger = other.open("kiosk-other");
        test::write_session(ledger, "s-1", "cand-1", 4);
        test::write_session(ledger, "s-2", "cand-2", 4);
    }
    test::rewrite_row(t.data_dir(), k, test::stored_line(other.data_dir(), k));
    expect_bad(verify(t), k, "kiosk-other");
}
