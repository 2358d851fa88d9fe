// What the suites that drive the controller share: a context on a scratch data directory, waiting
// for the background worker, and the ledger the controller wrote.
#pragma once
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "core/config.h"
#include "ledger/ledger.h"
#include "support.h"
#include "ui/controller.h"

namespace kiosk::test {

inline ui::AppContext context_for(const TempDir& dir, const std::filesystem::path& root = "/", std::string source = "") {
    ui::AppContext context;
    context.root = root.string();
    context.data_dir = (dir / "data").string();
    context.source = std::move(source);
    return context;
}

// The ceiling of a wait for an event that does come (a liveness run ending): generous, because the
// wait ends at the event and only a hang reaches it, while a loaded 2-core machine is slow.
constexpr std::chrono::minutes event_ceiling{10};

// Polls `done` until it holds or the timeout passes.
template <typename Done>
bool wait_for(Done done, std::chrono::milliseconds timeout) {
    const auto give_up = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < give_up) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

// The same while running the controller's frame work (tick), as the screens would.
template <typename Done>
bool tick_until(ui::Controller& controller, Done done, std::chrono::milliseconds timeout) {
    return wait_for([&] { controller.tick(); return done(); }, timeout);
}

inline ledger::Ledger open_ledger(const TempDir& dir) {
    auto options = ledger::options_from(Config::defaults(), (dir / "data").string());
    REQUIRE(options);
    auto opened = ledger::Ledger::open_existing(*options);
    REQUIRE_MESSAGE(opened, opened.error().message);
    return std::move(*opened);
}

}  // namespace kiosk::test
