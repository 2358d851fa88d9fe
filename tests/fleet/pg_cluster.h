// A throwaway PostgreSQL cluster for one test: initdb into a temp directory, a server listening
// only on a unix socket in that directory, stopped and removed with the object. Runs as the
// `postgres` user when the test runs as root (the server refuses root).
#pragma once
#include <cstdlib>
#include <optional>
#include <string>

#include "support.h"

namespace kiosk::test {

class PgCluster {
public:
    // A started cluster with a superuser `fleet_admin`, or nullopt and `why_not` (no PostgreSQL
    // server binaries, no unprivileged user to run them as, or initdb/start failed).
    static std::optional<PgCluster> start(std::string& why_not);
    PgCluster(PgCluster&& other) noexcept;
    PgCluster& operator=(PgCluster&&) = delete;
    ~PgCluster();

    // libpq connection string of the superuser.
    std::string admin_url() const;
    // Stops the server (immediate shutdown) / starts it again on the same data directory.
    bool stop();
    bool restart();

private:
    PgCluster() = default;
    std::string run_as(const std::string& command) const;  // the command as the cluster's owner
    bool start_server();

    std::unique_ptr<TempDir> dir_;
    std::string bin_;
    std::string user_;  // "" when the test is not root
    bool running_ = false;
};

// KIOSK_FLEET_URL for the processes a test starts, unset again when it ends.
struct FleetUrl {
    explicit FleetUrl(const std::string& url) { setenv("KIOSK_FLEET_URL", url.c_str(), 1); }
    ~FleetUrl() { unsetenv("KIOSK_FLEET_URL"); }
    FleetUrl(const FleetUrl&) = delete;
    FleetUrl& operator=(const FleetUrl&) = delete;
};

// Skips the calling test case (MESSAGE "skipped: …") when no cluster can start.
#define KIOSK_START_PG(name)                                   \
    std::string name##_why;                                    \
    auto name = ::kiosk::test::PgCluster::start(name##_why);   \
    if (!name) {                                               \
        MESSAGE("skipped: " << name##_why);                    \
        return;                                                \
    }

}  // namespace kiosk::test
