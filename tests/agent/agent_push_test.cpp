// kiosk-agent run sends what it records to the fleet store (KIOSK_FLEET_URL here): its first scan is
// pushed at start; with the store down the push error is one event line and the agent goes on
// scanning and recording locally; started again with the store back, it catches up.
#include <doctest/doctest.h>
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <sstream>

#include "fleet/pg.h"
#include "ledger/ledger.h"
#include "ledger/record.h"
#include "ledger/signer.h"
#include "pg_cluster.h"

using namespace kiosk;
using namespace kiosk::test;

namespace {

// The agent's ledger (created as its first run would) and config, scanning every second.
struct AgentLedger {
    TempDir dir;
    std::filesystem::path data_dir() const { return dir / "data"; }
    std::filesystem::path config() const { return dir / "agent.toml"; }
    ledger::LedgerOptions options() const {
        ledger::LedgerOptions options;
        options.data_dir = data_dir();
        options.kiosk_id = "agent-p";
        return options;
    }
    AgentLedger() {
        write_file(config(), "[kiosk]\nid = \"agent-p\"\n[agent]\nscan_interval_seconds = 1\n");
        REQUIRE(ledger::Ledger::open(options()).has_value());
    }
    std::size_t scans_recorded() const {
        auto opened = ledger::Ledger::open_existing(options());
        REQUIRE(opened.has_value());
        return opened->records_of_type(ledger::record_type::agent_scan).value().size();
    }
};

// `kiosk fleet init`, then `kiosk fleet enroll agent-p` for the agent's key: the role's URL.
std::string enroll(const PgCluster& cluster, const AgentLedger& agent) {
    const auto init = test::kiosk({"fleet", "init", "--url", cluster.admin_url()});
    REQUIRE_MESSAGE(init.code == 0, init.err);
    const auto enrolled = test::kiosk({"fleet", "enroll", "agent-p", "--pubkey", ledger::public_key_path(agent.data_dir()).string(),
                                 "--url", cluster.admin_url(), "--config", agent.config().string()});
    REQUIRE_MESSAGE(enrolled.code == 0, enrolled.err);
    return enrolled.out.substr(0, enrolled.out.find('\n'));
}

std::vector<nlohmann::json> events(const std::string& output, const std::string& event) {
    std::vector<nlohmann::json> found;
    std::istringstream in(output);
    for (std::string text; std::getline(in, text);) {
        auto line = nlohmann::json::parse(text, nullptr, false);
        if (line.is_object() && line.value("event", "") == event) found.push_back(std::move(line));
    }
    return found;
}

struct Stopped {
    int code = -1;
    std::string output;
};

// `kiosk-agent run` on the kiosk's ledger and a host fixture, scanning every second, stopped by
// SIGTERM once `done(output)` holds.
Stopped run_agent(const AgentLedger& agent, const std::string& fixture, const std::function<bool(const std::string&)>& done) {
    Child child(KIOSK_AGENT_BINARY, {"run", "--root", (fixtures() / "host" / fixture).string(), "--data-dir",
                                     agent.data_dir().string(), "--config", agent.config().string()});
    CHECK_MESSAGE(child.wait_for(done, 60), child.output());
    Stopped stopped;
    stopped.code = child.stop(SIGTERM, 20);
    stopped.output = child.output();
    return stopped;
}

std::int64_t scans_held(const PgCluster& cluster) {
    auto admin = fleet::pg::Connection::open(cluster.admin_url());
    REQUIRE(admin);
    auto held = admin->query("SELECT count(*) FROM kiosk_fleet.records WHERE type = 'agent.scan'");
    REQUIRE(held);
    return held->integer(0, 0);
}

}  // namespace

TEST_CASE("fleet: kiosk-agent run pushes what it records, and a store out of reach neither stops it nor loses a record") {
    KIOSK_START_PG(pg);
    AgentLedger agent;
    FleetUrl configured(enroll(*pg, agent));

    // A KVM laptop: its scan is recorded, then pushed.
    const auto first = run_agent(agent, "pikvm_v4", [](const std::string& out) { return !events(out, "push").empty(); });
    CHECK(first.code == 0);
    auto pushes = events(first.output, "push");
    REQUIRE_FALSE(pushes.empty());
    CHECK_MESSAGE(pushes[0]["pushed"].get<std::uint64_t>() >= 2, first.output);  // genesis and the scan
    CHECK(pushes[0]["already_present"] == 0);
    CHECK(pushes[0]["high_water"].is_number());
    CHECK(scans_held(*pg) == 1);

    // The store is down and the KVM gone: two scans each say the push failed, and the change is recorded here.
    REQUIRE(pg->stop());
    const auto offline = run_agent(agent, "laptop", [](const std::string& out) { return events(out, "push").size() >= 2; });
    CHECK(offline.code == 0);
    pushes = events(offline.output, "push");
    REQUIRE(pushes.size() >= 2);
    for (const auto& push : pushes) CHECK_MESSAGE(push["error"].is_string(), push.dump());
    CHECK(events(offline.output, "scan").size() >= 2);
    CHECK(events(offline.output, "sealed").size() == 1);
    CHECK(agent.scans_recorded() == 2);

    // The store is back: the start push sends what was recorded offline, though this scan changed nothing.
    REQUIRE(pg->restart());
    const auto back = run_agent(agent, "laptop", [](const std::string& out) { return !events(out, "push").empty(); });
    CHECK(back.code == 0);
    pushes = events(back.output, "push");
    REQUIRE_FALSE(pushes.empty());
    CHECK_MESSAGE(pushes[0]["pushed"].get<std::uint64_t>() >= 1, back.output);
    CHECK(pushes[0]["already_present"].get<std::uint64_t>() >= 2);
    CHECK(events(back.output, "scan").front()["recorded"].is_null());
    CHECK(scans_held(*pg) == 2);
    CHECK(agent.scans_recorded() == 2);
}
