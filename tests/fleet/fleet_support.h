// Kiosk ledgers enrolled in a test cluster's fleet store, and the `kiosk fleet` runs on them.
#pragma once
#include <string>
#include <vector>

#include "fleet/pg.h"
#include "ledger_support.h"
#include "pg_cluster.h"

namespace kiosk::test {

// A kiosk's ledger (genesis and `sessions` ended sessions) with its own kiosk id in its config.
struct FleetKiosk {
    explicit FleetKiosk(std::string kiosk_id, int sessions = 1);
    std::string id;
    TestLedger ledger;
    void add_session(const std::string& session);
    std::uint64_t size() const;
};

// `kiosk fleet ARGS... --config CONFIG` for that kiosk.
Run fleet_cli(const FleetKiosk& kiosk, std::vector<std::string> args);
// `kiosk fleet push --json --url URL --data-dir DATA`.
Run push_cli(const FleetKiosk& kiosk, const std::string& url);
// `kiosk ledger verify --fleet --url URL` on the kiosk's ledger.
Run witness_cli(const FleetKiosk& kiosk, const std::string& url);

// `kiosk session run --workflow handoff --root tests/fixtures/host/FIXTURE --subject SUBJECT --json`
// on the kiosk's ledger: a session with a real salted device fingerprint.
Run handoff_cli(const FleetKiosk& kiosk, const std::string& fixture, const std::string& subject);
// Gives the kiosk the fingerprint salt `salt` (64 hex digits): kiosks that share one match devices
// across each other's sessions.
void share_salt(const FleetKiosk& kiosk, const std::string& salt);

// `kiosk fleet init` then `kiosk fleet enroll ROLE` for the kiosk's key; the role's URL.
void init_fleet(const PgCluster& cluster);
std::string enroll(const PgCluster& cluster, const FleetKiosk& kiosk, const std::string& role);

// A login role in kiosk_review (read-only, every signer) and its URL.
std::string reviewer_url(const PgCluster& cluster);

fleet::pg::Connection connect(const std::string& url);
// Runs SQL through `url` and returns its error message ("" when it succeeded).
std::string refusal(const std::string& url, const std::string& sql);

std::size_t lines_in(const std::string& text);

}  // namespace kiosk::test
