// The fleet store against a real PostgreSQL: init, enroll, push, and the rules the server holds
// every ingest role to (append-only, own key, own rows, chained records).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/exit_code.h"
#include "fleet/push.h"
#include "fleet_support.h"
#include "ledger/minisign.h"
#include "ledger/record.h"

using namespace kiosk;
using namespace kiosk::test;

namespace {

nlohmann::json pushed(const FleetKiosk& kiosk, const std::string& url) {
    auto run = push_cli(kiosk, url);
    REQUIRE_MESSAGE(run.code == 0, run.err);
    return nlohmann::json::parse(run.out);
}

std::vector<ledger::StoredRecord> records_of(const FleetKiosk& kiosk) {
    auto opened = kiosk.ledger.open(kiosk.id);
    return opened.records(0, opened.size().value()).value();
}

std::vector<ledger::SignedCheckpoint> checkpoints_of(const FleetKiosk& kiosk) {
    return kiosk.ledger.open(kiosk.id).checkpoints().value();
}

// Sends records [from, to) of `records` through the ingest function as the role of `url`.
Result<fleet::PushResult> ingest(const std::string& url, const std::vector<ledger::StoredRecord>& records,
                                 std::size_t from, std::size_t to,
                                 const std::vector<ledger::SignedCheckpoint>& checkpoints = {}) {
    auto connection = connect(url);
    return fleet::ingest(connection, std::span(records).subspan(from, to - from), checkpoints);
}

void expect_refused(const Result<fleet::PushResult>& result, std::string_view words) {
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().kind == ErrorKind::tampered);
    CHECK_MESSAGE(result.error().message.find(words) != std::string::npos, result.error().message);
}

}  // namespace

TEST_CASE("fleet: init twice is idempotent, makes the two group roles and prints the schema version") {
    KIOSK_START_PG(pg);
    auto first = test::kiosk({"fleet", "init", "--url", pg->admin_url()});
    REQUIRE_MESSAGE(first.code == 0, first.err);
    CHECK(first.out.find("fleet schema version 1 (created)") != std::string::npos);
    auto second = test::kiosk({"fleet", "init", "--url", pg->admin_url()});
    REQUIRE_MESSAGE(second.code == 0, second.err);
    CHECK(second.out.find("fleet schema version 1 (already current)") != std::string::npos);
    auto admin = connect(pg->admin_url());
    auto roles = admin.query("SELECT count(*) FROM pg_roles WHERE rolname IN ('kiosk_ingest', 'kiosk_review') AND NOT rolcanlogin");
    REQUIRE(roles);
    CHECK(roles->integer(0, 0) == 2);
    auto versions = admin.query("SELECT count(*) FROM kiosk_fleet.migrations");
    REQUIRE(versions);
    CHECK(versions->integer(0, 0) == 1);
}

TEST_CASE("fleet: enroll makes a login role in kiosk_ingest bound to one key and prints its URL") {
    KIOSK_START_PG(pg);
    init_fleet(*pg);
    FleetKiosk a("kiosk-a");
    const auto url = enroll(*pg, a, "kiosk-a");
    CHECK(url.find("user='kiosk-a'") != std::string::npos);
    CHECK(url.find("password='") != std::string::npos);
    auto as_role = connect(url);
    auto member = as_role.query("SELECT pg_has_role(session_user, 'kiosk_ingest', 'member'), "
                                "(SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = session_user)");
    REQUIRE(member);
    CHECK(member->text(0, 0) == "t");
    CHECK(member->text(0, 1) == "f");
    // The password never reached the server: only its SCRAM secret is stored.
    auto secret = connect(pg->admin_url()).query("SELECT rolpassword FROM pg_authid WHERE rolname = 'kiosk-a'");
    REQUIRE(secret);
    CHECK(secret->text(0, 0).starts_with("SCRAM-SHA-256$"));

    const auto key = ledger::public_key_path(a.ledger.data_dir()).string();
    auto again = fleet_cli(a, {"enroll", "kiosk-a", "--pubkey", key, "--url", pg->admin_url()});
    CHECK(again.code == exit_bad_input);
    CHECK(again.err.find("exists already") != std::string::npos);
    auto same_key = fleet_cli(a, {"enroll", "kiosk-a2", "--pubkey", key, "--url", pg->admin_url()});
    CHECK(same_key.code == exit_bad_input);
    CHECK(same_key.err.find("enrolled already, as role kiosk-a") != std::string::npos);
    auto bad_name = fleet_cli(a, {"enroll", "Robert'); DROP", "--pubkey", key, "--url", pg->admin_url()});
    CHECK(bad_name.code == exit_bad_input);
    CHECK(lines_in(bad_name.err) == 1);
    auto bad_key = fleet_cli(a, {"enroll", "kiosk-b", "--pubkey", "not-a-key", "--url", pg->admin_url()});
    CHECK(bad_key.code == exit_bad_input);
    // Enrolling is for administrators: an ingest role cannot make roles.
    FleetKiosk b("kiosk-b");
    auto by_ingest = fleet_cli(b, {"enroll", "kiosk-b", "--pubkey", ledger::public_key_path(b.ledger.data_dir()).string(),
                                   "--url", url});
    CHECK(by_ingest.code == exit_bad_input);
    CHECK(by_ingest.err.find("permission denied") != std::string::npos);
}

TEST_CASE("fleet: push sends what the store lacks, nothing when pushed again, then only the new records") {
    KIOSK_START_PG(pg);
    init_fleet(*pg);
    FleetKiosk a("kiosk-a", 2);
    const auto url = enroll(*pg, a, "kiosk-a");
    const auto first_size = a.size();
    auto first = pushed(a, url);
    CHECK(first["pushed"] == first_size);
    CHECK(first["already_present"] == 0);
    CHECK(first["high_water"] == first_size - 1);
    CHECK(first["checkpoints_pushed"] == checkpoints_of(a).size());
    auto second = pushed(a, url);
    CHECK(second["pushed"] == 0);
    CHECK(second["already_present"] == first_size);
    CHECK(second["checkpoints_pushed"] == 0);
    CHECK(second["high_water"] == first_size - 1);
    a.add_session("later");
    const auto second_size = a.size();
    auto third = pushed(a, url);
    CHECK(third["pushed"] == second_size - first_size);
    CHECK(third["already_present"] == first_size);
    CHECK(third["high_water"] == second_size - 1);
    CHECK(third["checkpoints_pushed"] == 1);
    auto held = connect(pg->admin_url()).query("SELECT count(*), count(DISTINCT seq) FROM kiosk_fleet.records");
    REQUIRE(held);
    CHECK(held->integer(0, 0) == static_cast<std::int64_t>(second_size));
    CHECK(held->integer(0, 1) == static_cast<std::int64_t>(second_size));
}

TEST_CASE("fleet: the store refuses a wrong prev-hash, a reordered or changed record and another signer's records") {
    KIOSK_START_PG(pg);
    init_fleet(*pg);
    FleetKiosk a("kiosk-a", 2), b("kiosk-b", 2);
    const auto url_a = enroll(*pg, a, "kiosk-a");
    const auto url_b = enroll(*pg, b, "kiosk-b");
    const auto records_a = records_of(a), records_b = records_of(b);

    // A role bound to key A cannot start its log with B's genesis, nor push B's ledger at all.
    expect_refused(ingest(url_a, records_b, 0, 3), "record 0 is not a log.genesis naming the key role kiosk-a is bound to");
    auto cli_push = push_cli(b, url_a);
    CHECK(cli_push.code == exit_tampered);
    CHECK(cli_push.err.find("role kiosk-a is bound to key") != std::string::npos);

    REQUIRE(ingest(url_a, records_a, 0, 3));
    // Reordered: record 4 before record 3.
    expect_refused(ingest(url_a, records_a, 4, 5), "record 4: out of order: the next record the fleet takes from this signer is 3");
    // Another log's record 3 (chains to B's record 2, and names kiosk-b).
    expect_refused(ingest(url_a, records_b, 3, 4), "record 3: does not chain to record 2");
    // A record 3 of A's own kiosk with a forged prev-hash.
    auto parsed = ledger::parse_record_line(records_a[3].line).value();
    auto forged = records_a;
    forged[3].line = ledger::make_record_line(3, ledger::sha256("not record 2"), parsed.ts, parsed.kiosk, parsed.type,
                                              parsed.session, std::string(16, 'n'), parsed.body);
    expect_refused(ingest(url_a, forged, 3, 4), "record 3: does not chain to record 2");
    // A record the store holds, sent again changed.
    auto changed = records_a;
    changed[1].line = ledger::make_record_line(1, ledger::parse_record_line(records_a[1].line)->prev, parsed.ts, parsed.kiosk,
                                               parsed.type, parsed.session, std::string(16, 'c'), parsed.body);
    expect_refused(ingest(url_a, changed, 1, 4), "record 1: differs from the record 1 this signer pushed before");
    // None of the refused batches left anything: A holds 3 records, B none.
    auto held = connect(pg->admin_url()).query(
        "SELECT s.role_name, count(r.seq) FROM kiosk_fleet.signers s LEFT JOIN kiosk_fleet.records r ON r.signer_id = s.id "
        "GROUP BY s.role_name ORDER BY s.role_name");
    REQUIRE(held);
    CHECK(held->integer(0, 1) == 3);
    CHECK(held->integer(1, 1) == 0);
}

TEST_CASE("fleet: checkpoints must name the bound key and the records they cover, and verify catches a bad signature") {
    KIOSK_START_PG(pg);
    init_fleet(*pg);
    FleetKiosk a("kiosk-a", 1), b("kiosk-b", 1);
    const auto url_a = enroll(*pg, a, "kiosk-a");
    const auto records_a = records_of(a);
    auto checkpoints = checkpoints_of(a);
    REQUIRE_FALSE(checkpoints.empty());
    auto first = checkpoints.front();

    // Signed by B's key (which the text does not show): the key id in the signature gives it away.
    auto b_key = ledger::SecretKey::parse_file(read_file(ledger::secret_key_path(b.ledger.data_dir()))).value();
    auto by_b = first;
    by_b.minisig = b_key.sign(first.text, first.checkpoint.trusted_comment());
    expect_refused(ingest(url_a, records_a, 0, records_a.size(), {by_b}), "is not signed by the key role kiosk-a is bound to");
    // Covering records the store does not hold.
    auto early = ingest(url_a, records_a, 0, 1, {first});
    REQUIRE_FALSE(early);
    CHECK(early.error().message.find("covers records the fleet does not hold yet") != std::string::npos);
    // Right key id, broken signature: SQL cannot check Ed25519, so the store takes it and
    // `kiosk fleet verify` names it.
    auto broken = first;
    auto at = broken.minisig.find('\n') + 1 + 20;  // inside the signature bytes, past "ED" and the key id
    broken.minisig[at] = broken.minisig[at] == 'A' ? 'B' : 'A';
    REQUIRE(ingest(url_a, records_a, 0, records_a.size(), {broken}));
    auto verify = fleet_cli(a, {"verify", "--url", pg->admin_url()});
    CHECK(verify.code == exit_tampered);
    CHECK_MESSAGE(verify.err.find("kiosk-a: checkpoint " + std::to_string(first.checkpoint.size)) != std::string::npos, verify.err);
}

TEST_CASE("fleet: an ingest role cannot update, delete, truncate or insert, nor read another signer's rows") {
    KIOSK_START_PG(pg);
    init_fleet(*pg);
    FleetKiosk a("kiosk-a", 1), b("kiosk-b", 2);
    const auto url_a = enroll(*pg, a, "kiosk-a");
    const auto url_b = enroll(*pg, b, "kiosk-b");
    pushed(a, url_a);
    pushed(b, url_b);
    for (const auto* sql : {"UPDATE kiosk_fleet.records SET type = 'x'", "DELETE FROM kiosk_fleet.records",
                            "TRUNCATE kiosk_fleet.records", "TRUNCATE kiosk_fleet.checkpoints",
                            "DELETE FROM kiosk_fleet.checkpoints", "UPDATE kiosk_fleet.signers SET kiosk_id = 'x'",
                            "INSERT INTO kiosk_fleet.records(signer_id, seq, line_hash, leaf, type, ts) "
                            "SELECT id, 999, sha256(''), sha256(''), 'x', 'x' FROM kiosk_fleet.signers",
                            "SELECT kiosk_fleet.enroll('x', 'y', 'z')"}) {
        CAPTURE(sql);
        CHECK(refusal(url_a, sql).find("permission denied") != std::string::npos);
    }
    auto as_a = connect(url_a);
    auto seen = as_a.query("SELECT (SELECT count(*) FROM kiosk_fleet.records), (SELECT count(*) FROM kiosk_fleet.checkpoints), "
                           "(SELECT count(*) FROM kiosk_fleet.signers)");
    REQUIRE(seen);
    CHECK(seen->integer(0, 0) == static_cast<std::int64_t>(a.size()));
    CHECK(seen->integer(0, 1) == static_cast<std::int64_t>(checkpoints_of(a).size()));
    CHECK(seen->integer(0, 2) == 1);
    // Even the owner (here a superuser) is refused by the trigger; only a migration may change rows.
    for (const auto* sql : {"UPDATE kiosk_fleet.records SET type = 'x'", "DELETE FROM kiosk_fleet.records WHERE seq = 1",
                            "TRUNCATE kiosk_fleet.records CASCADE", "DELETE FROM kiosk_fleet.checkpoints",
                            "UPDATE kiosk_fleet.signers SET public_key = 'x'"}) {
        CAPTURE(sql);
        CHECK(refusal(pg->admin_url(), sql).find("refused") != std::string::npos);
    }
}

TEST_CASE("fleet: a push killed in the middle loses nothing and duplicates nothing, and the next push completes it") {
    KIOSK_START_PG(pg);
    init_fleet(*pg);
    FleetKiosk a("kiosk-a", 1500);  // about 10,000 records: several batches of 2,000
    const auto url = enroll(*pg, a, "kiosk-a");
    const auto total = a.size();
    auto admin = connect(pg->admin_url());
    auto stored = [&] {
        auto held = admin.query("SELECT count(*), coalesce(max(seq) + 1, 0) FROM kiosk_fleet.records");
        REQUIRE(held);
        CHECK(held->integer(0, 0) == held->integer(0, 1));  // a prefix, no gap
        return static_cast<std::uint64_t>(held->integer(0, 0));
    };
    const pid_t pusher = ::fork();
    REQUIRE(pusher >= 0);
    if (pusher == 0) {
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, 1);
        ::dup2(null, 2);
        ::execl(KIOSK_BINARY, KIOSK_BINARY, "fleet", "push", "--url", url.c_str(), "--config",
                a.ledger.config().c_str(), "--data-dir", a.ledger.data_dir().c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // SIGKILL as soon as the first batch is in: the others are on their way.
    int status = 0;
    while (::waitpid(pusher, &status, WNOHANG) == 0) {
        if (stored() > 0) {
            ::kill(pusher, SIGKILL);
            ::waitpid(pusher, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    const auto kept = stored();
    CAPTURE(kept);
    CHECK(WIFSIGNALED(status));  // killed, not finished: the test saw the middle of a push
    CHECK(kept % 2000 == 0);     // whole batches only
    CHECK(kept < total);
    auto resumed = pushed(a, url);
    CHECK(resumed["pushed"] == total - kept);
    CHECK(resumed["already_present"] == kept);
    CHECK(stored() == total);
    auto verify = fleet_cli(a, {"verify", "--url", pg->admin_url()});
    CHECK_MESSAGE(verify.code == 0, verify.err);
}
