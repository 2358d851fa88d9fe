#include <doctest/doctest.h>

#include "cli/program.h"
#include "support.h"

TEST_CASE("cli: help lists every command and exits 0") {
    auto run = kiosk::test::kiosk({"help"});
    CHECK(run.code == 0);
    for (auto name : {"scan", "edid", "camera", "analyze", "session", "ledger", "watch"})
        CHECK(run.out.find(name) != std::string::npos);
}

TEST_CASE("cli: an unknown command is exit 2 with one line") {
    auto run = kiosk::test::kiosk({"frobnicate"});
    CHECK(run.code == 2);
    CHECK(run.err == "kiosk: unknown command 'frobnicate' (see kiosk help)\n");
}

TEST_CASE("cli: COMMAND --help prints that command's usage and exits 0, for every command") {
    for (const auto& command : kiosk::cli::kiosk_program().commands) {
        for (const auto& args : {std::vector<std::string>{command.name, "--help"},
                                 std::vector<std::string>{command.name, "--json", "--help"}}) {
            auto run = kiosk::test::kiosk(args);
            CHECK_MESSAGE(run.code == 0, command.name);
            CHECK_MESSAGE(run.err.empty(), command.name << ": " << run.err);
            CHECK_MESSAGE(run.out == *command.usage, command.name << ": " << run.out);
            CHECK_MESSAGE(run.out.starts_with("usage: kiosk"), command.name);
        }
    }
    CHECK(kiosk::test::kiosk({"camera", "--help"}).out.find("no cameras") == std::string::npos);
}
