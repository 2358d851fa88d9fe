#include "pg_cluster.h"

#include <pwd.h>
#include <unistd.h>

#include <filesystem>

#include "ledger_support.h"

namespace kiosk::test {
namespace {

constexpr const char* admin_password = "fleet-test-admin";
constexpr const char* port = "5432";  // the socket lives in the cluster's own directory: no clash

// Debian keeps the server programs out of PATH: pg_config (libpq-dev) names their directory.
std::optional<std::string> server_bin_dir() {
    std::vector<std::filesystem::path> candidates;
    auto configured = shell("pg_config --bindir");
    if (configured.code == 0) {
        auto dir = configured.out;
        while (!dir.empty() && (dir.back() == '\n' || dir.back() == ' ')) dir.pop_back();
        candidates.emplace_back(dir);
    }
    std::error_code error;
    for (const auto& version : std::filesystem::directory_iterator("/usr/lib/postgresql", error))
        candidates.push_back(version.path() / "bin");
    for (const auto& dir : candidates)
        if (std::filesystem::exists(dir / "initdb") && std::filesystem::exists(dir / "pg_ctl")) return dir.string();
    return std::nullopt;
}

}  // namespace

std::optional<PgCluster> PgCluster::start(std::string& why_not) {
    auto bin = server_bin_dir();
    if (!bin) {
        why_not = "PostgreSQL server binaries (initdb, pg_ctl) not installed (Debian: postgresql)";
        return std::nullopt;
    }
    PgCluster cluster;
    cluster.bin_ = *bin;
    cluster.dir_ = std::make_unique<TempDir>();
    if (::geteuid() == 0) {
        const passwd* postgres = ::getpwnam("postgres");
        if (!postgres) {
            why_not = "running as root and there is no 'postgres' user to run the server as";
            return std::nullopt;
        }
        cluster.user_ = "postgres";
        if (::chown(cluster.dir_->path().c_str(), postgres->pw_uid, postgres->pw_gid) != 0) {
            why_not = "cannot hand the cluster directory to postgres";
            return std::nullopt;
        }
    }
    const auto dir = cluster.dir_->path().string();
    auto wrote = shell(cluster.run_as("printf '%s\\n' '" + std::string(admin_password) + "' > '" + dir + "/pw'"));
    if (wrote.code != 0) {
        why_not = "cannot write the password file: " + wrote.out;
        return std::nullopt;
    }
    auto init = shell(cluster.run_as("'" + cluster.bin_ + "/initdb' -D '" + dir + "/data' -U fleet_admin --pwfile='" + dir +
                                     "/pw' -A scram-sha-256 -E UTF8 --locale=C --no-sync"));
    if (init.code != 0) {
        why_not = "initdb failed: " + init.out;
        return std::nullopt;
    }
    if (!cluster.start_server()) {
        why_not = "the server did not start: " + read_file(cluster.dir_->path() / "log");
        return std::nullopt;
    }
    return cluster;
}

PgCluster::PgCluster(PgCluster&& other) noexcept :
    dir_(std::move(other.dir_)), bin_(std::move(other.bin_)), user_(std::move(other.user_)),
    running_(std::exchange(other.running_, false)) {}

PgCluster::~PgCluster() {
    if (running_) stop();
}

std::string PgCluster::run_as(const std::string& command) const {
    if (user_.empty()) return command;
    std::string quoted;
    for (char c : command) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return "runuser -u " + user_ + " -- sh -c '" + quoted + "'";
}

bool PgCluster::start_server() {
    const auto dir = dir_->path().string();
    auto started = shell(run_as("'" + bin_ + "/pg_ctl' -D '" + dir + "/data' -l '" + dir + "/log' -w -t 60 -o \"-k " +
                                dir + " -p " + port + " -c listen_addresses= -c fsync=off\" start"));
    running_ = started.code == 0;
    return running_;
}

std::string PgCluster::admin_url() const {
    return "host=" + dir_->path().string() + " port=" + port + " dbname=postgres user=fleet_admin password=" +
           admin_password;
}

bool PgCluster::stop() {
    auto stopped = shell(run_as("'" + bin_ + "/pg_ctl' -D '" + dir_->path().string() + "/data' -m immediate -w stop"));
    running_ = false;
    return stopped.code == 0;
}

bool PgCluster::restart() { return start_server(); }

}  // namespace kiosk::test
