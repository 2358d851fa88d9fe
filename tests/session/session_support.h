// Throwaway ledgers for tests that read back what was written: a temp data dir, not durable
// (crash safety is the ledger suite's).
#pragma once
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "ledger/ledger.h"
#include "support.h"

namespace kiosk::test {

// Opens (creating) the ledger in `data_dir`.
inline ledger::Ledger scratch_ledger(const std::filesystem::path& data_dir, const std::string& kiosk_id) {
    ledger::LedgerOptions options;
    options.data_dir = data_dir;
    options.kiosk_id = kiosk_id;
    options.durable = false;
    auto store = ledger::Ledger::open(options);
    REQUIRE_MESSAGE(store.has_value(), (store ? "" : store.error().message));
    return std::move(*store);
}

}  // namespace kiosk::test
