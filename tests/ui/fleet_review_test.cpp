// The review screen reads the fleet store when one is configured: every kiosk's sessions (named
// SIGNER/SESSION) and one session's records, against a real PostgreSQL; with the store out of reach
// it says so and shows this kiosk's ledger.
#include <doctest/doctest.h>

#include "controller_test_support.h"
#include "fleet_support.h"
#include "ui/controller.h"

using namespace kiosk;
using namespace kiosk::test;

TEST_CASE("the review screen lists the fleet's sessions when a fleet is configured, and this kiosk's when it is out of reach") {
    KIOSK_START_PG(pg);
    init_fleet(*pg);
    FleetKiosk remote("kiosk-r", 2);
    const auto pushed = push_cli(remote, enroll(*pg, remote, "kiosk-r"));
    REQUIRE_MESSAGE(pushed.code == 0, pushed.err);

    TempDir dir;
    std::optional<FleetUrl> configured(std::in_place, reviewer_url(*pg));
    ui::Controller controller(context_for(dir), {});
    controller.continue_unregistered();
    controller.open(ui::Screen::review);
    controller.settle();
    CHECK(controller.review().source == "the fleet store");
    CHECK(controller.review().message.empty());
    REQUIRE(controller.review().sessions.size() == 2);
    const auto id = controller.review().sessions.front().id;
    CHECK(id.starts_with("kiosk-r/"));
    controller.select_session(id);
    controller.settle();
    CHECK(controller.review().selected == id);
    CHECK_FALSE(controller.review().records.empty());
    CHECK_FALSE(controller.export_selected(dir / "bundle"));  // exported where it was recorded

    REQUIRE(pg->stop());
    controller.refresh_sessions();
    controller.settle();
    configured.reset();
    CHECK(controller.review().source.starts_with("this kiosk's ledger (the fleet store did not answer"));
    CHECK(controller.review().sessions.empty());  // this kiosk has recorded nothing
}
