#include <doctest/doctest.h>

#include "core/config.h"
#include "support.h"

using kiosk::Config;

TEST_CASE("config: embedded defaults load and answer typed reads") {
    auto config = Config::defaults();
    CHECK(config.string("scan.fail_on") == "high");
    CHECK(config.where("scan.fail_on") == "kiosk.toml (default)");
}

TEST_CASE("config: an override replaces the default and knows its line") {
    auto config = Config::parse("# comment\n[scan]\nfail_on = \"medium\"\n", "site.toml");
    REQUIRE(config);
    CHECK(config->string("scan.fail_on") == "medium");
    CHECK(config->where("scan.fail_on") == "site.toml:3");
    CHECK(config->bad_value("scan.fail_on", "nope").message == "site.toml:3: scan.fail_on: nope");
}

TEST_CASE("config: unknown keys are rejected with file:line") {
    auto config = Config::parse("[scan]\nfail_on = \"high\"\nfail_onn = 1\n", "site.toml");
    REQUIRE_FALSE(config);
    CHECK(config.error().message == "site.toml:3: unknown key scan.fail_onn");
    auto section = Config::parse("\n[nonsense]\nx = 1\n", "a.toml");
    REQUIRE_FALSE(section);
    CHECK(section.error().message.starts_with("a.toml:"));
    CHECK(section.error().message.ends_with("unknown key nonsense"));
}

TEST_CASE("config: a value of the wrong type is rejected with file:line") {
    auto config = Config::parse("[scan]\n\nfail_on = 3\n", "site.toml");
    REQUIRE_FALSE(config);
    CHECK(config.error().message == "site.toml:3: scan.fail_on must be a string");
}

TEST_CASE("config: garbage is a parse error with a line, never a crash") {
    for (std::string_view text : {"[scan", "= = =", "\x01\x02\xff", "[scan]\nfail_on = \"unterminated\n"}) {
        auto config = Config::parse(text, "bad.toml");
        REQUIRE_FALSE(config);
        CHECK(config.error().message.starts_with("bad.toml:"));
    }
}

TEST_CASE("config: a missing file is one clear error") {
    auto config = Config::load("/nonexistent/kiosk.toml");
    REQUIRE_FALSE(config);
    CHECK(config.error().message.find("cannot read") != std::string::npos);
}
