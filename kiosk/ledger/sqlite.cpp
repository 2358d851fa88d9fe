#include "ledger/sqlite.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace kiosk::ledger::sql {
namespace {

ErrorKind kind_of(int code, int os_error) {
    switch (code) {
        case SQLITE_FULL: return ErrorKind::full;
        case SQLITE_CANTOPEN: return os_error == ENOENT ? ErrorKind::not_found : ErrorKind::io;
        case SQLITE_IOERR:
        case SQLITE_READONLY:
        case SQLITE_PERM:
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return ErrorKind::io;
        case SQLITE_NOMEM:
        case SQLITE_MISUSE: return ErrorKind::internal;
        default: return ErrorKind::bad_input;  // a damaged database or one that is not a ledger
    }
}

Error sqlite_error(sqlite3* db, int code, std::string_view what) {
    std::string message = std::string(what) + ": ";
    if (code == SQLITE_FULL) message += "no space left (the disk or the ledger's size limit is full)";
    else if (code == SQLITE_BUSY) message += "the ledger is locked by another kiosk process";
    else if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) message += "the ledger database is damaged";
    else message += db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    // "unable to open database file" alone does not say whether it is missing or forbidden.
    const int os_error = db ? sqlite3_system_errno(db) : 0;
    if (code == SQLITE_CANTOPEN && os_error != 0) message += std::string(" (") + std::strerror(os_error) + ")";
    return Error{message, kind_of(code, os_error)};
}

// SQLite's URI form of a path: '%', '?' and '#' in it would otherwise be read as URI syntax.
std::string file_uri(const std::filesystem::path& path, std::string_view parameters) {
    std::string uri = "file:";
    for (char c : path.string()) {
        if (c == '%' || c == '?' || c == '#') {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
            uri += escaped;
        } else {
            uri += c;
        }
    }
    return uri + "?" + std::string(parameters);
}

// Opens `uri` read-only and reads the schema, so that a WAL database that cannot be read fails here.
struct Probe {
    sqlite3* db = nullptr;
    int code = SQLITE_OK;
};
Probe open_and_probe(const std::string& uri) {
    Probe probe;
    probe.code = sqlite3_open_v2(uri.c_str(), &probe.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
    if (probe.code == SQLITE_OK)
        probe.code = sqlite3_exec(probe.db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
    probe.code &= 0xff;  // the primary code: what failed, not the detail
    return probe;
}

}  // namespace

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(statement_);
        db_ = other.db_;
        statement_ = std::exchange(other.statement_, nullptr);
    }
    return *this;
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(statement_, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
    sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind_null(int index) {
    sqlite3_bind_null(statement_, index);
    return *this;
}

Result<bool> Statement::step() {
    int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) {
        sqlite3_reset(statement_);
        return false;
    }
    sqlite3_reset(statement_);
    return std::unexpected(sqlite_error(db_, code, "ledger database"));
}

Result<void> Statement::run() {
    for (;;) {
        auto more = step();
        if (!more) return std::unexpected(more.error());
        if (!*more) return {};
    }
}

void Statement::reset() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(statement_, column); }

std::string Statement::text(int column) const {
    const auto* text = sqlite3_column_text(statement_, column);
    if (!text) return {};
    return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))};
}

bool Statement::is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }

std::string Statement::blob(int column) const {
    const auto* bytes = sqlite3_column_blob(statement_, column);
    if (!bytes) return {};
    return {static_cast<const char*>(bytes), static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))};
}

Result<Database> Database::open(const std::filesystem::path& path, bool create, bool read_only) {
    sqlite3* db = nullptr;
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    int code = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (code != SQLITE_OK) {
        auto error = sqlite_error(db, code, "cannot open " + path.string());
        sqlite3_close(db);
        return std::unexpected(error);
    }
    sqlite3_extended_result_codes(db, 0);
    sqlite3_busy_timeout(db, 10000);
    return Database(db);
}

Result<Database> Database::open_read_only(const std::filesystem::path& path) {
    auto probe = open_and_probe(file_uri(path, "mode=ro"));
    const bool cannot_make_index = probe.code == SQLITE_READONLY || probe.code == SQLITE_CANTOPEN;
    const auto wal = path.string() + "-wal";
    std::error_code no_wal;
    const auto wal_size = std::filesystem::file_size(wal, no_wal);
    const bool wal_holds_pages = !no_wal && wal_size > 0;
    if (cannot_make_index && !wal_holds_pages) {
        sqlite3_close(probe.db);
        probe = open_and_probe(file_uri(path, "mode=ro&immutable=1"));
    }
    if (probe.code != SQLITE_OK) {
        Error error;
        if (probe.code == SQLITE_NOTADB) error = Error{path.string() + " is not an SQLite database"};
        else if (cannot_make_index && wal_holds_pages)
            error = Error{"cannot read " + path.string() + ": its write-ahead log " + wal +
                              " holds records, and its index " + path.string() +
                              "-shm is missing and cannot be made here (read-only media or directory); copy " +
                              path.filename().string() + " with its -wal and -shm files together",
                          ErrorKind::io};
        else error = sqlite_error(probe.db, probe.code, "cannot read " + path.string());
        sqlite3_close(probe.db);
        return std::unexpected(error);
    }
    sqlite3_extended_result_codes(probe.db, 0);
    sqlite3_busy_timeout(probe.db, 10000);
    return Database(probe.db);
}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        sqlite3_close(db_);
        db_ = std::exchange(other.db_, nullptr);
    }
    return *this;
}

Database::~Database() { sqlite3_close(db_); }

Result<void> Database::exec(std::string_view sql) {
    std::string text(sql);
    int code = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
    if (code != SQLITE_OK) return std::unexpected(sqlite_error(db_, code, "ledger database"));
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
    sqlite3_stmt* statement = nullptr;
    int code = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
    if (code != SQLITE_OK) return std::unexpected(sqlite_error(db_, code, "ledger database"));
    return Statement(db_, statement);
}

Result<Transaction> Transaction::begin_immediate(Database& db) {
    if (auto begun = db.exec("BEGIN IMMEDIATE"); !begun) return std::unexpected(begun.error());
    return Transaction(db);
}

Transaction::~Transaction() {
    if (db_) sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<void> Transaction::commit() {
    auto done = db_->exec("COMMIT");
    if (!done) return done;  // the destructor rolls back
    db_ = nullptr;
    return {};
}

}  // namespace kiosk::ledger::sql
