// `kiosk fleet verify` over the store, `kiosk ledger verify --fleet` (the fleet as a witness for a
// kiosk's ledger), and the one-line errors for a bad URL, bad credentials and a server that is down.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/exit_code.h"
#include "fleet_support.h"

using namespace kiosk;
using namespace kiosk::test;

namespace {

void copy_ledger(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::filesystem::remove_all(to);
    std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
}

}  // namespace

TEST_CASE("fleet: verify passes, then names the record the database superuser changed") {
    KIOSK_START_PG(pg);
    init_fleet(*pg);
    FleetKiosk a("kiosk-a", 2), b("kiosk-b", 1);
    const auto url_a = enroll(*pg, a, "kiosk-a");
    const auto url_b = enroll(*pg, b, "kiosk-b");
    REQUIRE(push_cli(a, url_a).code == 0);
    REQUIRE(push_cli(b, url_b).code == 0);
    auto good = fleet_cli(a, {"verify", "--url", pg->admin_url()});
    REQUIRE_MESSAGE(good.code == 0, good.err);
    CHECK(good.out.find("kiosk-a (kiosk kiosk-a, key") != std::string::npos);
    CHECK(good.out.find("2 signer(s)") != std::string::npos);
    // An ingest role verifies the one log it can see.
    auto own = fleet_cli(a, {"verify", "--url", url_a});
    REQUIRE_MESSAGE(own.code == 0, own.err);
    CHECK(own.out.find("1 signer(s)") != std::string::npos);

    // A careful attacker with the database: rewrites the second session's subject in its
    // session.start and recomputes that row's hashes, after switching the append-only trigger off.
    const auto changed = a.ledger.open(a.id).session("kiosk-a-s1")->value().first_seq;
    auto tamper = refusal(pg->admin_url(),
                          "SET kiosk_fleet.migrating = 'on'; "
                          "UPDATE kiosk_fleet.records r SET line = t.line, line_hash = sha256(t.line), "
                          "leaf = sha256('\\x00'::bytea || t.line) FROM (SELECT signer_id, seq, "
                          "convert_to(replace(convert_from(line, 'UTF8'), 'subject-1', 'subject-X'), 'UTF8') AS line "
                          "FROM kiosk_fleet.records) t, kiosk_fleet.signers s "
                          "WHERE r.signer_id = t.signer_id AND r.seq = t.seq AND s.id = r.signer_id "
                          "AND s.role_name = 'kiosk-a' AND r.seq = " + std::to_string(changed));
    REQUIRE_MESSAGE(tamper.empty(), tamper);
    auto bad = fleet_cli(a, {"verify", "--url", pg->admin_url(), "--json"});
    CHECK(bad.code == exit_tampered);
    CHECK_MESSAGE(bad.err.find("kiosk-a: record " + std::to_string(changed) + " was changed after it was written") != std::string::npos, bad.err);
    CHECK(lines_in(bad.err) == 1);  // kiosk-b still verifies
    auto json = nlohmann::json::parse(bad.out);
    CHECK(json["ok"] == false);
    CHECK(json["signers"][0]["first_bad_record"] == changed);
    CHECK(json["signers"][1]["ok"] == true);
}

TEST_CASE("fleet: ledger verify --fleet catches a rolled-back ledger and one replaced with a fresh key") {
    KIOSK_START_PG(pg);
    init_fleet(*pg);
    FleetKiosk a("kiosk-a", 1);
    const auto url = enroll(*pg, a, "kiosk-a");
    const auto saved = a.ledger.dir.path() / "saved";
    copy_ledger(a.ledger.data_dir(), saved);
    a.add_session("second");
    REQUIRE(push_cli(a, url).code == 0);
    auto agrees = witness_cli(a, url);
    CHECK_MESSAGE(agrees.code == 0, agrees.err);
    CHECK(agrees.out.find("it holds the fleet's checkpoint") != std::string::npos);

    // Rolled back to the copy: consistent on its own, behind the fleet's checkpoint.
    copy_ledger(saved, a.ledger.data_dir());
    REQUIRE(a.ledger.cli({"verify"}).code == 0);
    auto rolled_back = witness_cli(a, url);
    CHECK(rolled_back.code == exit_tampered);
    CHECK_MESSAGE(rolled_back.err.find("rollback") != std::string::npos, rolled_back.err);
    CHECK(lines_in(rolled_back.err) == 1);
    // The push refuses it too, and the store keeps what it had.
    auto push = push_cli(a, url);
    CHECK(push.code == exit_tampered);
    CHECK(push.err.find("rolled back") != std::string::npos);

    // Replaced: a fresh ledger with a new key under the same kiosk id.
    std::filesystem::remove_all(a.ledger.data_dir());
    a.add_session("replacement");
    REQUIRE(a.ledger.cli({"verify"}).code == 0);
    auto replaced = witness_cli(a, url);
    CHECK(replaced.code == exit_tampered);
    // The checkpoints it signed do not verify with the key the fleet bound (a signature failure
    // outranks the genesis's key, which would say "key swapped").
    CHECK_MESSAGE(replaced.err.find("not the pinned key") != std::string::npos, replaced.err);
    // A reviewer's URL finds the kiosk by its id and says the same.
    auto by_admin = witness_cli(a, pg->admin_url());
    CHECK(by_admin.code == exit_tampered);
    CHECK(by_admin.err.find("not the pinned key") != std::string::npos);
    // A kiosk the fleet never heard of is not found, not tampered.
    FleetKiosk stranger("kiosk-z");
    auto unknown = witness_cli(stranger, pg->admin_url());
    CHECK(unknown.code == exit_bad_input);
    CHECK(unknown.err.find("the fleet holds no log for kiosk 'kiosk-z'") != std::string::npos);
}

TEST_CASE("fleet: a bad URL or password is one line and exit 2, a server that is down exit 5, and push catches up") {
    KIOSK_START_PG(pg);
    init_fleet(*pg);
    FleetKiosk a("kiosk-a", 1);
    const auto url = enroll(*pg, a, "kiosk-a");

    auto malformed = push_cli(a, "host=/tmp port");
    CHECK(malformed.code == exit_bad_input);
    CHECK(lines_in(malformed.err) == 1);
    CHECK(malformed.err.find("not a libpq connection string") != std::string::npos);
    auto wrong_password = push_cli(a, pg->admin_url() + "x");
    CHECK(wrong_password.code == exit_bad_input);
    CHECK(lines_in(wrong_password.err) == 1);
    CHECK(wrong_password.err.find("password authentication failed") != std::string::npos);
    CHECK(wrong_password.err.find("fleet-test-admin") == std::string::npos);  // no password echoed
    auto none = fleet_cli(a, {"push", "--data-dir", a.ledger.data_dir().string()});
    CHECK(none.code == exit_bad_input);
    CHECK(none.err.find("no fleet store configured") != std::string::npos);

    REQUIRE(pg->stop());
    auto offline = push_cli(a, url);
    CHECK(offline.code == exit_io);
    CHECK(lines_in(offline.err) == 1);
    CHECK(offline.err.find("cannot connect to the fleet store") != std::string::npos);
    a.add_session("while-offline");
    REQUIRE(pg->restart());
    auto caught_up = push_cli(a, url);
    REQUIRE_MESSAGE(caught_up.code == 0, caught_up.err);
    CHECK(nlohmann::json::parse(caught_up.out)["pushed"] == a.size());
    CHECK(fleet_cli(a, {"verify", "--url", pg->admin_url()}).code == 0);
    // The URL may come from the config instead.
    write_file(a.ledger.config(), "[kiosk]\nid = \"kiosk-a\"\n[fleet]\nurl = \"" + url + "\"\n");
    auto from_config = fleet_cli(a, {"push", "--json", "--data-dir", a.ledger.data_dir().string()});
    REQUIRE_MESSAGE(from_config.code == 0, from_config.err);
    CHECK(nlohmann::json::parse(from_config.out)["already_present"] == a.size());
}
