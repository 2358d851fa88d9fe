#include <doctest/doctest.h>

#include "core/args.h"

using kiosk::Args;
using kiosk::ArgSpec;

TEST_CASE("args: flags, options (both spellings) and positionals") {
    std::vector<std::string> argv{"--json", "--root", "/tmp/x", "a.bin", "--fail-on=medium", "b.bin"};
    auto args = Args::parse(argv, ArgSpec{{"--json"}, {"--root", "--fail-on"}, 5});
    REQUIRE(args);
    CHECK(args->flag("--json"));
    CHECK(*args->option("--root") == "/tmp/x");
    CHECK(*args->option("--fail-on") == "medium");
    CHECK(args->positionals() == std::vector<std::string>{"a.bin", "b.bin"});
}

TEST_CASE("args: unknown options, missing values and extra positionals are errors") {
    ArgSpec spec{{"--json"}, {"--root"}, 0};
    std::vector<std::string> unknown{"--jsn"};
    CHECK(Args::parse(unknown, spec).error().message == "unknown option --jsn");
    std::vector<std::string> missing{"--root"};
    CHECK(Args::parse(missing, spec).error().message == "--root needs a value");
    std::vector<std::string> extra{"x"};
    CHECK(Args::parse(extra, spec).error().message == "unexpected argument x");
}

TEST_CASE("args: numbers are checked") {
    std::vector<std::string> argv{"--seconds", "2.5x"};
    auto args = Args::parse(argv, ArgSpec{{}, {"--seconds"}, 0});
    REQUIRE(args);
    CHECK_FALSE(args->number("--seconds"));
    std::vector<std::string> good{"--seconds", "2.5"};
    CHECK(**Args::parse(good, ArgSpec{{}, {"--seconds"}, 0})->number("--seconds") == 2.5);
}
