// Ledgers made for tests: a temp data dir, a fixed kiosk id, and a config file the CLI can use.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "ledger/ledger.h"
#include "support.h"

namespace kiosk::test {

struct TestLedger {
    TempDir dir;
    std::filesystem::path data_dir() const { return dir.path() / "data"; }
    std::filesystem::path config() const { return dir.path() / "kiosk.toml"; }
    ledger::LedgerOptions options(std::string kiosk_id = "kiosk-test") const;
    ledger::Ledger open(std::string kiosk_id = "kiosk-test") const;
    // `kiosk ledger VERB ARGS... --config CONFIG --data-dir DATA`
    Run cli(std::vector<std::string> args) const;
};

// Writes a complete session of `checks` check records; returns its id.
std::string write_session(ledger::Ledger& ledger, const std::string& id, const std::string& subject, int checks = 3,
                          bool end = true);

// Runs a shell command; returns its exit status and what it printed (stdout and stderr).
Run shell(const std::string& command);

// Direct SQL on a ledger database, as an attacker with file access would do it.
void sql(const std::filesystem::path& data_dir, const std::string& statement);
std::string stored_line(const std::filesystem::path& data_dir, std::uint64_t seq);
// Replaces record `seq`'s line and recomputes its stored hashes (a careful attacker).
void rewrite_row(const std::filesystem::path& data_dir, std::uint64_t seq, const std::string& line);

}  // namespace kiosk::test
