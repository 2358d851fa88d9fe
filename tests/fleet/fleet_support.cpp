#include "fleet_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>

namespace kiosk::test {

FleetKiosk::FleetKiosk(std::string kiosk_id, int sessions) : id(std::move(kiosk_id)) {
    write_file(ledger.config(), "[kiosk]\nid = \"" + id + "\"\n");
    auto opened = ledger.open(id);
    for (int i = 0; i < sessions; ++i) write_session(opened, id + "-s" + std::to_string(i), "subject-" + std::to_string(i));
}

void FleetKiosk::add_session(const std::string& session) {
    auto opened = ledger.open(id);
    write_session(opened, session, "subject-" + session);
}

std::uint64_t FleetKiosk::size() const {
    auto opened = ledger.open(id);
    return opened.size().value();
}

Run fleet_cli(const FleetKiosk& kiosk, std::vector<std::string> args) {
    args.insert(args.begin(), "fleet");
    args.insert(args.end(), {"--config", kiosk.ledger.config().string()});
    return test::kiosk(args);
}

Run push_cli(const FleetKiosk& kiosk, const std::string& url) {
    return fleet_cli(kiosk, {"push", "--json", "--url", url, "--data-dir", kiosk.ledger.data_dir().string()});
}

Run witness_cli(const FleetKiosk& kiosk, const std::string& url) {
    return kiosk.ledger.cli({"verify", "--fleet", "--url", url});
}

Run handoff_cli(const FleetKiosk& kiosk, const std::string& fixture, const std::string& subject) {
    return test::kiosk({"session", "run", "--workflow", "handoff", "--root", (fixtures() / "host" / fixture).string(),
                        "--operator", "it-7", "--subject", subject, "--json", "--config", kiosk.ledger.config().string(),
                        "--data-dir", kiosk.ledger.data_dir().string()});
}

void share_salt(const FleetKiosk& kiosk, const std::string& salt) {
    write_file(kiosk.ledger.data_dir() / "keys" / "fingerprint.salt", salt);
}

void init_fleet(const PgCluster& cluster) {
    auto init = test::kiosk({"fleet", "init", "--url", cluster.admin_url()});
    REQUIRE_MESSAGE(init.code == 0, init.err);
}

std::string enroll(const PgCluster& cluster, const FleetKiosk& kiosk, const std::string& role) {
    auto enrolled = fleet_cli(kiosk, {"enroll", role, "--pubkey", ledger::public_key_path(kiosk.ledger.data_dir()).string(),
                                      "--url", cluster.admin_url()});
    REQUIRE_MESSAGE(enrolled.code == 0, enrolled.err);
    REQUIRE(lines_in(enrolled.out) == 1);
    return enrolled.out.substr(0, enrolled.out.size() - 1);
}

std::string reviewer_url(const PgCluster& cluster) {
    auto admin = connect(cluster.admin_url());
    REQUIRE(admin.exec("CREATE ROLE reviewer LOGIN PASSWORD 'review-pass' IN ROLE kiosk_review").has_value());
    auto url = admin.url_for(cluster.admin_url(), "reviewer", "review-pass");
    REQUIRE(url.has_value());
    return *url;
}

fleet::pg::Connection connect(const std::string& url) {
    auto connection = fleet::pg::Connection::open(url);
    if (!connection) throw std::runtime_error(connection.error().message);
    return std::move(*connection);
}

std::string refusal(const std::string& url, const std::string& sql) {
    auto connection = connect(url);
    auto done = connection.exec(sql);
    return done ? "" : done.error().message;
}

std::size_t lines_in(const std::string& text) { return static_cast<std::size_t>(std::ranges::count(text, '\n')); }

}  // namespace kiosk::test
