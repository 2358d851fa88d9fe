#include <doctest/doctest.h>

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
