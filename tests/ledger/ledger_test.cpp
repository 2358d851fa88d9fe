#include <doctest/doctest.h>

#include <sys/stat.h>

#include "ledger/record.h"
#include "ledger/verify.h"
#include "ledger_support.h"

using namespace kiosk;
using kiosk::test::TestLedger;

TEST_CASE("ledger: a new ledger has a 0600 key, a genesis naming it, and verifies") {
    TestLedger t;
    auto ledger = t.open();
    struct stat info{};
    REQUIRE(::stat(ledger::secret_key_path(t.data_dir()).c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    auto genesis = ledger.record(0);
    REQUIRE(genesis.has_value());
    auto parsed = ledger::parse_record_line(genesis->line);
    REQUIRE(parsed.has_value());
    CHECK(parsed->type == "log.genesis");
    CHECK(parsed->body["public_key"] == ledger.public_key()->minisign_line());
    CHECK(ledger::verify_ledger(ledger).ok);
}

TEST_CASE("ledger: records chain, a session end signs a checkpoint, and the checkpoint is itself logged") {
    TestLedger t;
    auto ledger = t.open();
    test::write_session(ledger, "s-1", "cand-1", 3);
    auto checkpoints = ledger.checkpoints();
    REQUIRE(checkpoints.has_value());
    REQUIRE_FALSE(checkpoints->empty());
    const auto& last = checkpoints->back();
    auto size = ledger.size();
    CHECK(last.checkpoint.size + 1 == *size);  // everything up to session.end, then its checkpoint.ref
    CHECK(ledger.record(*size - 1)->type == "checkpoint.ref");
    CHECK(last.text.starts_with("kiosk-test/kiosk-log/v1\n"));
    for (std::uint64_t seq = 1; seq < *size; ++seq) {
        auto record = ledger::parse_record_line(ledger.record(seq)->line);
        REQUIRE(record.has_value());
        CHECK(record->prev == ledger::sha256(ledger.record(seq - 1)->line));
    }
    auto report = ledger::verify_ledger(ledger);
    CHECK_MESSAGE(report.ok, report.problem);
    CHECK(report.signed_records == last.checkpoint.size);
}

TEST_CASE("ledger: an hourly checkpoint is signed on the next record after the interval, not before") {
    TestLedger t;
    auto now = std::chrono::system_clock::now();
    auto options = t.options();
    options.clock = [&now] { return now; };
    auto ledger = ledger::Ledger::open(options);
    REQUIRE(ledger.has_value());
    REQUIRE(ledger->append("session.start", "s-long", {{"workflow", "interview"}}).has_value());
    auto count = [&] { return ledger->checkpoints()->size(); };
    const auto first = count();
    now += std::chrono::minutes(20);
    REQUIRE(ledger->append("check.result", "s-long", {{"id", "a"}}).has_value());
    CHECK(count() == first);
    now += std::chrono::minutes(41);
    REQUIRE(ledger->append("check.result", "s-long", {{"id", "b"}}).has_value());
    CHECK(count() == first + 1);
    CHECK(ledger::verify_ledger(*ledger).ok);
}

TEST_CASE("ledger: sessions list with filters, and a session without an end is incomplete") {
    TestLedger t;
    auto ledger = t.open();
    test::write_session(ledger, "s-a", "cand-1");
    test::write_session(ledger, "s-b", "cand-2", 1, false);
    auto all = ledger.sessions();
    REQUIRE(all->size() == 2);
    CHECK((*all)[0].status == ledger::SessionStatus::complete);
    CHECK((*all)[1].status == ledger::SessionStatus::incomplete);
    CHECK(ledger.sessions({.subject = "cand-2"})->size() == 1);
    CHECK(ledger.sessions({.verdict = "review"})->size() == 2);
    CHECK(ledger.sessions({.verdict = "fail"})->empty());
    CHECK(ledger.sessions({.since = "2999-01-01T00:00:00.000Z"})->empty());

    auto listed = t.cli({"list", "--json"});
    REQUIRE(listed.code == 0);
    auto json = nlohmann::json::parse(listed.out);
    CHECK(json["sessions"].size() == 2);
    CHECK(json["sessions"][1]["status"] == "incomplete");
    auto filtered = t.cli({"list", "--subject", "cand-1"});
    CHECK(filtered.code == 0);
    CHECK(filtered.out.find("s-a") != std::string::npos);
    CHECK(filtered.out.find("s-b") == std::string::npos);
    auto shown = t.cli({"show", "s-a", "--json"});
    REQUIRE(shown.code == 0);
    CHECK(nlohmann::json::parse(shown.out)["records"].size() == 6);
    CHECK(t.cli({"show", "s-nope"}).code == 2);
    CHECK(t.cli({"list", "--since", "last tuesday"}).code == 2);
}

TEST_CASE("ledger: purge removes content, keeps the chain verifiable, and is itself logged") {
    TestLedger t;
    auto ledger = t.open();
    test::write_session(ledger, "s-old", "cand-old");
    auto purged = ledger.purge_before("2999-01-01T00:00:00.000Z", "test retention");
    REQUIRE(purged.has_value());
    CHECK(purged->sessions == std::vector<std::string>{"s-old"});
    CHECK(purged->records == 6);
    auto records = ledger.session_records("s-old");
    for (const auto& record : *records) CHECK(record.purged);
    auto purge_record = ledger::parse_record_line(ledger.record(purged->purge_record)->line);
    CHECK(purge_record->type == "retention.purge");
    CHECK(purge_record->body["reason"] == "test retention");
    auto report = ledger::verify_ledger(ledger);
    CHECK_MESSAGE(report.ok, report.problem);
    CHECK(report.purged == 6);
    CHECK(ledger.session("s-old")->value().subject.empty());
    // Content that vanishes without a purge record is tampering.
    test::write_session(ledger, "s-new", "cand-new");
    auto first_new = ledger.session("s-new")->value().first_seq;
    test::sql(t.data_dir(), "UPDATE records SET line = NULL WHERE seq = " + std::to_string(first_new + 1));
    auto bad = ledger::verify_ledger(ledger);
    CHECK_FALSE(bad.ok);
    CHECK(bad.first_bad == first_new + 1);
    CHECK(bad.problem.find("without a retention.purge") != std::string::npos);
}

TEST_CASE("ledger: the CLI verifies, refuses a second keygen, and a bad date is exit 2") {
    TestLedger t;
    {
        auto ledger = t.open();
        test::write_session(ledger, "s-1", "cand-1");
    }
    auto verified = t.cli({"verify"});
    CHECK(verified.code == 0);
    CHECK(verified.out.find("verifies") != std::string::npos);
    auto json = t.cli({"verify", "--json"});
    CHECK(nlohmann::json::parse(json.out)["ok"] == true);
    auto again = t.cli({"keygen"});
    CHECK(again.code == 2);
    CHECK(again.err.find("already exists") != std::string::npos);
    CHECK(t.cli({"purge", "--before", "soon"}).code == 2);
    CHECK(t.cli({"frobnicate"}).code == 2);

    TestLedger fresh;
    auto made = fresh.cli({"keygen"});
    CHECK(made.code == 0);
    CHECK(made.out.find("key id:") != std::string::npos);
    CHECK(made.out.find("kiosk.key (mode 0600)") != std::string::npos);
}

TEST_CASE("ledger: a full disk refuses the record with a clear error and loses nothing written") {
    TestLedger t;
    auto options = t.options();
    options.max_bytes = 64 * 1024;  // SQLite max_page_count: the database may not grow past this
    auto ledger = ledger::Ledger::open(options);
    REQUIRE(ledger.has_value());
    const std::string filler(900, 'x');
    std::uint64_t written = 0;
    kiosk::Error error;
    for (int i = 0; i < 1000; ++i) {
        auto appended = ledger->append("check.result", "s-full", {{"id", "fill"}, {"pad", filler}});
        if (!appended) {
            error = appended.error();
            break;
        }
        written = appended->last;
    }
    REQUIRE_FALSE(error.message.empty());
    CHECK(error.message.find("full") != std::string::npos);
    CHECK(error.kind == kiosk::ErrorKind::full);
    auto size = ledger->size();
    REQUIRE(size.has_value());
    CHECK(*size >= written + 1);
    auto report = ledger::verify_ledger(*ledger);
    CHECK_MESSAGE(report.ok, report.problem);
    CHECK(report.records == *size);
}
