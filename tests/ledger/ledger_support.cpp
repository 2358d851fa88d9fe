#include "ledger_support.h"

#include <sqlite3.h>

#include <array>
#include <cstdio>
#include <stdexcept>

#include "ledger/merkle.h"

namespace kiosk::test {

ledger::LedgerOptions TestLedger::options(std::string kiosk_id) const {
    ledger::LedgerOptions options;
    options.data_dir = data_dir();
    options.kiosk_id = std::move(kiosk_id);
    options.durable = false;  // tests need no fsync; crash_test checks durability with SIGKILL
    return options;
}

ledger::Ledger TestLedger::open(std::string kiosk_id) const {
    auto ledger = ledger::Ledger::open(options(std::move(kiosk_id)));
    if (!ledger) throw std::runtime_error(ledger.error().message);
    return std::move(*ledger);
}

Run TestLedger::cli(std::vector<std::string> args) const {
    if (!std::filesystem::exists(config())) write_file(config(), "[kiosk]\nid = \"kiosk-test\"\n");
    args.insert(args.begin(), "ledger");
    args.insert(args.end(), {"--config", config().string(), "--data-dir", data_dir().string()});
    return kiosk(args);
}

std::string write_session(ledger::Ledger& ledger, const std::string& id, const std::string& subject, int checks,
                          bool end) {
    auto must = [](auto result) {
        if (!result) throw std::runtime_error(result.error().message);
    };
    must(ledger.append("session.start", id, {{"workflow", "interview"}, {"subject", subject}, {"operator", "op-1"}}));
    for (int i = 0; i < checks; ++i)
        must(ledger.append("check.result", id, {{"id", "test.check"}, {"version", "1"}, {"value", i}, {"threshold", 2}}));
    must(ledger.append("session.recommendation", id, {{"verdict", "review"}}));
    if (end) must(ledger.append("session.end", id, {{"outcome", "completed"}}));
    return id;
}

Run shell(const std::string& command) {
    Run run;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe) throw std::runtime_error("popen failed");
    std::array<char, 4096> buffer;
    while (auto n = fread(buffer.data(), 1, buffer.size(), pipe)) run.out.append(buffer.data(), n);
    int status = pclose(pipe);
    run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

namespace {

sqlite3* open_db(const std::filesystem::path& data_dir) {
    sqlite3* db = nullptr;
    if (sqlite3_open((data_dir / "ledger.sqlite").c_str(), &db) != SQLITE_OK) throw std::runtime_error("open db");
    return db;
}

}  // namespace

void sql(const std::filesystem::path& data_dir, const std::string& statement) {
    sqlite3* db = open_db(data_dir);
    char* error = nullptr;
    int code = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    if (code != SQLITE_OK) throw std::runtime_error("sql: " + message);
}

std::string stored_line(const std::filesystem::path& data_dir, std::uint64_t seq) {
    sqlite3* db = open_db(data_dir);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, "SELECT line FROM records WHERE seq = ?", -1, &statement, nullptr);
    sqlite3_bind_int64(statement, 1, static_cast<sqlite3_int64>(seq));
    std::string line;
    if (sqlite3_step(statement) == SQLITE_ROW)
        line.assign(static_cast<const char*>(sqlite3_column_blob(statement, 0)),
                    static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return line;
}

void rewrite_row(const std::filesystem::path& data_dir, std::uint64_t seq, const std::string& line) {
    sqlite3* db = open_db(data_dir);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, "UPDATE records SET line = ?, line_hash = ?, leaf = ? WHERE seq = ?", -1, &statement, nullptr);
    auto line_hash = ledger::sha256(line);
    auto leaf = ledger::leaf_hash(line);
    sqlite3_bind_blob(statement, 1, line.data(), static_cast<int>(line.size()), SQLITE_TRANSIENT);
    sqlite3_bind_blob(statement, 2, line_hash.data(), 32, SQLITE_TRANSIENT);
    sqlite3_bind_blob(statement, 3, leaf.data(), 32, SQLITE_TRANSIENT);
    sqlite3_bind_int64(statement, 4, static_cast<sqlite3_int64>(seq));
    int code = sqlite3_step(statement);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    if (code != SQLITE_DONE) throw std::runtime_error("rewrite_row failed");
}

}  // namespace kiosk::test
