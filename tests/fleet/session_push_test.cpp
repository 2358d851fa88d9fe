// The kiosk sends each session to the fleet store when one is configured (KIOSK_FLEET_URL here):
// `kiosk session run` pushes after the session ends, says so in its JSON, and a store out of reach
// changes nothing of the local record or the exit code; the next push catches up.
#include <doctest/doctest.h>

#include <cstdlib>

#include "fleet_support.h"

using namespace kiosk;
using namespace kiosk::test;

namespace {

Run handoff(const FleetKiosk& kiosk) { return handoff_cli(kiosk, "laptop", "laptop-1"); }

std::int64_t records_held(const PgCluster& cluster) {
    auto held = connect(cluster.admin_url()).query("SELECT count(*) FROM kiosk_fleet.records");
    REQUIRE(held);
    return held->integer(0, 0);
}

}  // namespace

TEST_CASE("fleet: kiosk session run pushes the session it recorded, and a store out of reach loses nothing") {
    KIOSK_START_PG(pg);
    init_fleet(*pg);
    FleetKiosk kiosk("kiosk-s", 0);
    FleetUrl configured(enroll(*pg, kiosk, "kiosk-s"));

    auto first = handoff(kiosk);
    REQUIRE_MESSAGE(first.code == 1, first.err);  // a headless handoff is review: no liveness check
    auto json = nlohmann::json::parse(first.out);
    REQUIRE(json["fleet"].is_object());
    CHECK(json["fleet"]["pushed"].get<std::uint64_t>() > 10);
    CHECK(records_held(*pg) == static_cast<std::int64_t>(kiosk.size()));

    REQUIRE(pg->stop());
    auto offline = handoff(kiosk);
    CHECK(offline.code == first.code);  // the verdict, not the store, decides the exit code
    json = nlohmann::json::parse(offline.out);
    CHECK(json["fleet"]["error"].is_string());
    CHECK(offline.err.find("not sent to the fleet store") != std::string::npos);
    CHECK(lines_in(offline.err) == 1);

    REQUIRE(pg->restart());
    auto caught_up = handoff(kiosk);
    REQUIRE(caught_up.code == 1);
    json = nlohmann::json::parse(caught_up.out);
    CHECK(json["fleet"]["pushed"].get<std::uint64_t>() > 20);  // the offline session and this one
    CHECK(records_held(*pg) == static_cast<std::int64_t>(kiosk.size()));
}
