// `kiosk operator` and the PIN store: hashes that verify, config edits that keep the operator's file.
#include <doctest/doctest.h>

#include "support.h"
#include "ui/operators.h"
#include "ui_test_support.h"

using namespace kiosk;

namespace {

const std::string binary = KIOSK_BINARY;

test::Shell operator_cli(const std::string& pin, const std::string& args, const test::TempDir& dir) {
    return test::shell("printf '%s\\n' '" + pin + "' | '" + binary + "' operator " + args, dir.path());
}

}  // namespace

TEST_CASE("a PIN hash verifies the PIN it was made from and no other") {
    auto hash = operators::hash_pin("482913");
    REQUIRE(hash);
    CHECK(hash->starts_with("$argon2id$"));
    const std::vector<operators::Account> known{{"alice", *hash}};
    CHECK(operators::sign_in(known, "alice", "482913"));
    CHECK_FALSE(operators::sign_in(known, "alice", "482914"));
    CHECK_FALSE(operators::sign_in(known, "bob", "482913"));
    CHECK_FALSE(operators::hash_pin("12a4"));
    CHECK_FALSE(operators::hash_pin("123"));
    CHECK_FALSE(operators::check_name("alice smith"));
}

TEST_CASE("operator entries of the wrong shape are rejected with file:line") {
    auto config = Config::parse("[operators]\naccounts = [\n  { name = \"alice\" },\n]\n", "bad.toml");
    REQUIRE(config);
    auto accounts = operators::accounts(*config);
    REQUIRE_FALSE(accounts);
    CHECK(accounts.error().message.find("bad.toml:") == 0);
    auto forged = Config::parse("[operators]\naccounts = [{ name = \"eve\", pin_hash = \"1234\" }]\n", "forged.toml");
    REQUIRE(forged);
    CHECK_FALSE(operators::accounts(*forged));
    CHECK(operators::accounts(Config::defaults())->empty());
}

TEST_CASE("kiosk operator add writes the config atomically and verify checks the PIN") {
    test::TempDir dir;
    const auto config = dir / "kiosk.toml";
    test::write_file(config, "# site config\n[scan]\nfail_on = \"medium\"  # strict\n");

    auto added = operator_cli("482913", "add alice --pin-stdin --config '" + config.string() + "'", dir);
    REQUIRE_MESSAGE(added.code == 0, added.err);
    const auto text = test::read_file(config);
    CHECK(text.find("# site config") == 0);
    CHECK(text.find("fail_on = \"medium\"  # strict") != std::string::npos);
    CHECK(text.find("name = \"alice\"") != std::string::npos);
    CHECK(text.find("482913") == std::string::npos);

    auto second = operator_cli("111111", "add bob --pin-stdin --config '" + config.string() + "'", dir);
    REQUIRE_MESSAGE(second.code == 0, second.err);
    auto again = operator_cli("222222", "add alice --pin-stdin --config '" + config.string() + "'", dir);
    CHECK(again.code == 2);
    CHECK(again.err.find("already exists") != std::string::npos);

    CHECK(operator_cli("482913", "verify alice --pin-stdin --config '" + config.string() + "'", dir).code == 0);
    CHECK(operator_cli("111111", "verify bob --pin-stdin --config '" + config.string() + "'", dir).code == 0);
    CHECK(operator_cli("482914", "verify alice --pin-stdin --config '" + config.string() + "'", dir).code == 1);
    auto listed = test::shell("'" + binary + "' operator list --config '" + config.string() + "'", dir.path());
    CHECK(listed.out == "bob\nalice\n");  // the newest entry comes first
}

TEST_CASE("kiosk operator add without --config prints the entry - bad input is exit 2 and writes nothing") {
    test::TempDir dir;
    auto printed = operator_cli("482913", "add carol --pin-stdin", dir);
    REQUIRE(printed.code == 0);
    CHECK(printed.out.find("{ name = \"carol\", pin_hash = \"$argon2id$") != std::string::npos);

    const auto config = dir / "kiosk.toml";
    test::write_file(config, "[scan\nbroken");
    auto broken = operator_cli("482913", "add dave --pin-stdin --config '" + config.string() + "'", dir);
    CHECK(broken.code == 2);
    CHECK(test::read_file(config) == "[scan\nbroken");
    CHECK(operator_cli("12ab", "add erin --pin-stdin", dir).code == 2);
    CHECK(operator_cli("482913", "add 'not a name' --pin-stdin", dir).code == 2);
    CHECK(test::shell("'" + binary + "' operator add frank --pin-stdin </dev/null", dir.path()).code == 2);
}
