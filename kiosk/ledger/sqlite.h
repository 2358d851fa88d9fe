// A thin RAII layer over SQLite: a connection, prepared statements, and errors as values.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kiosk::ledger::sql {

class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}
    Statement(Statement&& other) noexcept : db_(other.db_), statement_(std::exchange(other.statement_, nullptr)) {}
    Statement& operator=(Statement&& other) noexcept;
    ~Statement();

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);         // TEXT
    Statement& bind_blob(int index, std::string_view bytes);   // BLOB
    Statement& bind_null(int index);

    // true: a row is ready; false: done. Errors name the SQLite message (SQLITE_FULL says the disk is full).
    Result<bool> step();
    Result<void> run();  // step to the end, expecting no rows
    void reset();        // ready for the next use: ends a read and clears the bindings

    std::int64_t integer(int column) const;
    std::string text(int column) const;
    bool is_null(int column) const;
    std::string blob(int column) const;

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* statement_ = nullptr;
};

class Database {
public:
    static Result<Database> open(const std::filesystem::path& path, bool create, bool read_only);
    // An existing database for reading only: never creates, changes or checkpoints a file. Where the
    // WAL index (-shm) cannot be made (read-only media, a directory this user cannot write) and no
    // -wal file holds pages, the main file is the whole database and is opened as immutable.
    static Result<Database> open_read_only(const std::filesystem::path& path);
    Database(Database&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
    Database& operator=(Database&& other) noexcept;
    ~Database();

    Result<void> exec(std::string_view sql);
    Result<Statement> prepare(std::string_view sql);
    sqlite3* handle() const { return db_; }

private:
    explicit Database(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
};

// Rolls back on destruction unless committed.
class Transaction {
public:
    static Result<Transaction> begin_immediate(Database& db);
    Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    Result<void> commit();

private:
    explicit Transaction(Database& db) : db_(&db) {}
    Database* db_;
};

}  // namespace kiosk::ledger::sql
