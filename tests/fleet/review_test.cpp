// `kiosk fleet list|show|correlate` against a real PostgreSQL: sessions recorded by real handoff
// runs on two or three kiosks, pushed, and read back through a reviewer's URL. Correlation finds
// the same KVM behind different subjects across kiosks (and only when the kiosks share a salt),
// never one subject seen twice; a row moved under another session is refused.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/exit_code.h"
#include "fleet_support.h"
#include "ledger/record.h"

using namespace kiosk;
using namespace kiosk::test;

namespace {

const std::string fleet_salt = std::string(64, 'a');

// A handoff on `fixture` for `subject`, pushed to the store; its session id.
std::string recorded(const FleetKiosk& kiosk, const std::string& url, const std::string& fixture, const std::string& subject) {
    auto run = handoff_cli(kiosk, fixture, subject);
    REQUIRE_MESSAGE(run.code == exit_findings, run.err);  // a headless handoff on a KVM fixture: fail
    auto pushed = push_cli(kiosk, url);
    REQUIRE_MESSAGE(pushed.code == 0, pushed.err);
    return nlohmann::json::parse(run.out)["session"].get<std::string>();
}

nlohmann::json json_of(const Run& run) {
    REQUIRE_MESSAGE(!run.out.empty(), run.err);
    return nlohmann::json::parse(run.out);
}

}  // namespace

TEST_CASE("fleet correlate: one KVM behind two subjects at two kiosks is one group across them; list and show read both") {
    KIOSK_START_PG(pg);
    init_fleet(*pg);
    FleetKiosk a("kiosk-a", 0), b("kiosk-b", 0);
    share_salt(a, fleet_salt);
    share_salt(b, fleet_salt);
    const auto url_a = enroll(*pg, a, "kiosk-a");
    const auto url_b = enroll(*pg, b, "kiosk-b");
    const auto at_a = recorded(a, url_a, "blikvm", "cand-A");
    const auto at_b = recorded(b, url_b, "blikvm", "cand-B");
    const auto other_kvm = recorded(b, url_b, "nanokvm", "cand-C");
    const auto reviewer = reviewer_url(*pg);

    auto correlated = fleet_cli(a, {"correlate", "--json", "--url", reviewer});
    CHECK_MESSAGE(correlated.code == exit_findings, correlated.err);
    auto document = json_of(correlated);
    CHECK(document["sessions_with_fingerprints"] == 3);
    REQUIRE(document["groups"].size() == 1);
    CHECK(document["groups"][0]["evidence"] == "kvm");
    CHECK(document["groups"][0]["subjects"] == nlohmann::json::array({"cand-A", "cand-B"}));
    CHECK(document["groups"][0]["sessions"] == nlohmann::json::array({"kiosk-a/" + at_a, "kiosk-b/" + at_b}));
    auto text = fleet_cli(a, {"correlate", "--url", reviewer});
    CHECK(text.code == exit_findings);
    CHECK(text.out.find("- kvm: subjects cand-A cand-B in sessions kiosk-a/" + at_a + " kiosk-b/" + at_b) != std::string::npos);
    // Each kiosk alone sees no farm: it takes the fleet to link them.
    CHECK(b.ledger.cli({"correlate"}).code == exit_ok);
    CHECK(fleet_cli(b, {"correlate", "--url", url_b}).code == exit_ok);  // an ingest role reads its own rows only

    auto listed = fleet_cli(a, {"list", "--json", "--url", reviewer});
    REQUIRE_MESSAGE(listed.code == 0, listed.err);
    auto sessions = json_of(listed)["sessions"];
    REQUIRE(sessions.size() == 3);
    CHECK(sessions[0]["signer"] == "kiosk-a");
    CHECK(sessions[0]["kiosk"] == "kiosk-a");
    CHECK(sessions[0]["id"] == at_a);
    CHECK(sessions[0]["workflow"] == "handoff");
    CHECK(sessions[0]["operator"] == "it-7");
    CHECK(sessions[0]["recommendation"] == "fail");
    CHECK(sessions[1]["signer"] == "kiosk-b");
    CHECK(sessions[2]["id"] == other_kvm);
    auto one = json_of(fleet_cli(a, {"list", "--json", "--url", reviewer, "--subject", "cand-B"}))["sessions"];
    REQUIRE(one.size() == 1);
    CHECK(one[0]["id"] == at_b);
    CHECK(json_of(fleet_cli(a, {"list", "--json", "--url", reviewer, "--workflow", "interview"}))["sessions"].empty());
    CHECK(json_of(fleet_cli(a, {"list", "--json", "--url", reviewer, "--verdict", "fail", "--since", "2000-01-01"}))["sessions"].size() == 3);
    CHECK(json_of(fleet_cli(a, {"list", "--json", "--url", reviewer, "--since", "2999-01-01"}))["sessions"].empty());
    CHECK(json_of(fleet_cli(a, {"list", "--json", "--url", url_a}))["sessions"].size() == 1);
    auto table = fleet_cli(a, {"list", "--url", reviewer});
    CHECK(table.out.find("3 session(s)") != std::string::npos);
    CHECK(table.out.find("kiosk-b") != std::string::npos);
    auto bad_verdict = fleet_cli(a, {"list", "--url", reviewer, "--verdict", "maybe"});
    CHECK(bad_verdict.code == exit_bad_input);
    CHECK(lines_in(bad_verdict.err) == 1);

    auto shown = fleet_cli(a, {"show", at_b, "--url", reviewer});
    REQUIRE_MESSAGE(shown.code == 0, shown.err);
    CHECK(shown.out.find("signer kiosk-b, kiosk kiosk-b") != std::string::npos);
    CHECK(shown.out.find("subject cand-B, operator it-7") != std::string::npos);
    CHECK(shown.out.find("session.fingerprint") != std::string::npos);
    auto shown_json = json_of(fleet_cli(a, {"show", "kiosk-a/" + at_a, "--json", "--url", reviewer}));
    CHECK(shown_json["session"]["signer"] == "kiosk-a");
    CHECK(shown_json["records"].size() == shown_json["session"]["records"]);
    CHECK(shown_json["records"][0]["type"] == "session.start");
    auto elsewhere = fleet_cli(a, {"show", "kiosk-b/" + at_a, "--url", reviewer});
    CHECK(elsewhere.code == exit_bad_input);
    CHECK(elsewhere.err.find("no session 'kiosk-b/" + at_a + "' in the fleet store") != std::string::npos);
    CHECK(fleet_cli(a, {"show", at_b, "--url", url_a}).code == exit_bad_input);  // not its row to read
}

TEST_CASE("fleet correlate: one subject at two kiosks is no group, nor is a KVM seen by a kiosk with its own salt") {
    KIOSK_START_PG(pg);
    init_fleet(*pg);
    FleetKiosk a("kiosk-a", 0), b("kiosk-b", 0), c("kiosk-c", 0);
    share_salt(a, fleet_salt);
    share_salt(b, fleet_salt);
    const auto url_a = enroll(*pg, a, "kiosk-a");
    const auto url_b = enroll(*pg, b, "kiosk-b");
    const auto url_c = enroll(*pg, c, "kiosk-c");
    recorded(a, url_a, "blikvm", "cand-A");
    recorded(b, url_b, "blikvm", "cand-A");  // the same hire, seen again at another site
    recorded(c, url_c, "blikvm", "cand-Z");  // kiosk-c's salt is its own: its hashes match nobody's

    auto none = fleet_cli(a, {"correlate", "--json", "--url", pg->admin_url()});
    CHECK_MESSAGE(none.code == exit_ok, none.err);
    auto document = json_of(none);
    CHECK(document["sessions_with_fingerprints"] == 3);
    CHECK(document["groups"].empty());

    // Given the fleet's salt, kiosk-c's next session of the same KVM links cand-Z to cand-A.
    share_salt(c, fleet_salt);
    const auto linked = recorded(c, url_c, "blikvm", "cand-Z");
    auto found = fleet_cli(a, {"correlate", "--json", "--url", pg->admin_url()});
    CHECK(found.code == exit_findings);
    document = json_of(found);
    REQUIRE(document["groups"].size() == 1);
    CHECK(document["groups"][0]["subjects"] == nlohmann::json::array({"cand-A", "cand-Z"}));
    CHECK(document["groups"][0]["sessions"].size() == 3);
    CHECK(document["groups"][0]["sessions"][2] == "kiosk-c/" + linked);
}

TEST_CASE("fleet correlate and show: a fingerprint row moved under another hire's session is refused, exit 4") {
    KIOSK_START_PG(pg);
    init_fleet(*pg);
    FleetKiosk a("kiosk-a", 0), b("kiosk-b", 0);
    share_salt(a, fleet_salt);
    share_salt(b, fleet_salt);
    const auto url_a = enroll(*pg, a, "kiosk-a");
    const auto url_b = enroll(*pg, b, "kiosk-b");
    const auto kvm_hire = recorded(a, url_a, "blikvm", "cand-A");
    const auto clean_hire = recorded(a, url_a, "laptop", "cand-B");
    recorded(b, url_b, "blikvm", "cand-C");
    CHECK(fleet_cli(a, {"correlate", "--url", pg->admin_url()}).code == exit_findings);  // cand-A and cand-C

    // Someone with the database files cand-A's KVM fingerprint under cand-B's session instead.
    auto moved = refusal(pg->admin_url(), "SET kiosk_fleet.migrating = 'on'; "
                                          "UPDATE kiosk_fleet.records SET session = '" + clean_hire + "' "
                                          "WHERE type = 'session.fingerprint' AND session = '" + kvm_hire + "'");
    REQUIRE_MESSAGE(moved.empty(), moved);
    auto correlated = fleet_cli(a, {"correlate", "--url", pg->admin_url()});
    CHECK(correlated.code == exit_tampered);
    CHECK(lines_in(correlated.err) == 1);
    CHECK_MESSAGE(correlated.err.find("signer kiosk-a: record") != std::string::npos, correlated.err);
    CHECK(correlated.err.find("is filed as a fingerprint of session " + clean_hire) != std::string::npos);
    auto shown = fleet_cli(a, {"show", clean_hire, "--url", pg->admin_url()});
    CHECK(shown.code == exit_tampered);
    CHECK_MESSAGE(shown.err.find("is filed as session.fingerprint of session '" + clean_hire + "' but its signed line says "
                                 "session.fingerprint of '" + kvm_hire + "' (run kiosk fleet verify)") != std::string::npos,
                  shown.err);
    CHECK(fleet_cli(a, {"verify", "--url", pg->admin_url()}).code == exit_tampered);
}

TEST_CASE("fleet list, show and correlate: a bad URL or none is one line and exit 2") {
    FleetKiosk a("kiosk-a", 0);
    for (const auto& verb : {std::vector<std::string>{"list"}, {"list", "--agents"}, {"show", "s-1"}, {"correlate"}}) {
        auto args = verb;
        args.insert(args.end(), {"--url", "host=/tmp port"});
        auto malformed = fleet_cli(a, args);
        CHECK(malformed.code == exit_bad_input);
        CHECK(lines_in(malformed.err) == 1);
        CHECK(malformed.err.starts_with("kiosk fleet " + verb[0] + ": "));
        CHECK(malformed.err.find("not a libpq connection string") != std::string::npos);
        auto none = fleet_cli(a, verb);
        CHECK(none.code == exit_bad_input);
        CHECK(none.err.find("no fleet store configured") != std::string::npos);
    }
}

TEST_CASE("fleet list --agents: the agents' scans and findings from every laptop, by time") {
    KIOSK_START_PG(pg);
    init_fleet(*pg);
    FleetKiosk laptop("laptop-7", 0), kiosk("kiosk-a", 1);
    const nlohmann::json finding = {{"rule", "kvm.usb_identity"}, {"category", "kvm"}, {"severity", "high"},
                                    {"title", "USB device identifies as a PiKVM"}, {"subject", "usb 1-1"}, {"evidence", "1d6b:0104"}};
    {
        auto ledger = laptop.ledger.open(laptop.id);
        REQUIRE(ledger.append(ledger::record_type::agent_scan, "", {{"verdict", "pass"}, {"findings", nlohmann::json::array()}}));
        REQUIRE(ledger.append(ledger::record_type::agent_finding, "", {{"source", "hotplug"}, {"action", "add"}, {"finding", finding}}));
    }
    REQUIRE(push_cli(laptop, enroll(*pg, laptop, "laptop-7")).code == 0);
    REQUIRE(push_cli(kiosk, enroll(*pg, kiosk, "kiosk-a")).code == 0);

    auto listed = fleet_cli(kiosk, {"list", "--agents", "--json", "--url", pg->admin_url()});
    REQUIRE_MESSAGE(listed.code == 0, listed.err);
    auto records = json_of(listed)["agent_records"];
    REQUIRE(records.size() == 2);  // the kiosk's session records are not agent records
    CHECK(records[0]["signer"] == "laptop-7");
    CHECK(records[0]["type"] == "agent.scan");
    CHECK(records[1]["body"]["finding"] == finding);
    auto table = fleet_cli(kiosk, {"list", "--agents", "--url", pg->admin_url()});
    CHECK(table.out.find("hotplug: high kvm.usb_identity USB device identifies as a PiKVM") != std::string::npos);
    CHECK(table.out.find("scan pass, 0 finding(s)") != std::string::npos);
    CHECK(json_of(fleet_cli(kiosk, {"list", "--agents", "--json", "--since", "2999-01-01", "--url", pg->admin_url()}))["agent_records"].empty());
    // Sessions and agent records are apart: the laptop has no sessions.
    CHECK(json_of(fleet_cli(kiosk, {"list", "--json", "--url", pg->admin_url()}))["sessions"].size() == 1);
}
