// A thin RAII layer over libpq: a connection opened from a fleet URL, parameterised queries, and
// errors as values whose kind says what went wrong (exit_code.h turns it into the exit code).
#pragma once
#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kiosk::fleet::pg {

// One query's rows; values in PostgreSQL's text format.
class Rows {
public:
    explicit Rows(PGresult* result) : result_(result, &PQclear) {}
    int size() const { return PQntuples(result_.get()); }
    bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
    std::string text(int row, int column) const;
    std::int64_t integer(int row, int column) const;
    // A bytea column (hex output format).
    std::string bytes(int row, int column) const;

private:
    std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

// A parameter: text, or SQL NULL.
using Param = std::optional<std::string>;

class Connection {
public:
    // `url` is a libpq connection string ("host=… dbname=… user=…") or a postgresql:// URI. A URL
    // libpq cannot parse is bad_input; a server that refuses the credentials, bad_input; one that
    // cannot be reached, io. No message repeats the password.
    static Result<Connection> open(const std::string& url);

    Result<Rows> query(std::string_view sql, const std::vector<Param>& params = {});
    Result<void> exec(std::string_view sql);  // one or more statements, no parameters

    // The server's SCRAM secret for `password`, so the password itself never reaches the server.
    Result<std::string> password_secret(const std::string& role, const std::string& password);
    // The options of `url` with user and password replaced, as a keyword=value string; host, port
    // and database filled in from this connection where the URL left them to defaults.
    Result<std::string> url_for(const std::string& url, const std::string& user, const std::string& password) const;
    PGconn* handle() const { return connection_.get(); }

private:
    explicit Connection(PGconn* connection) : connection_(connection, &PQfinish) {}
    std::unique_ptr<PGconn, void (*)(PGconn*)> connection_;
};

// Runs `work` in one transaction: committed when it succeeds, rolled back when it fails.
template <typename Work>
auto in_transaction(Connection& connection, Work&& work) -> decltype(work()) {
    if (auto begun = connection.exec("BEGIN"); !begun) return std::unexpected(begun.error());
    auto result = work();
    if (!result) {
        (void)connection.exec("ROLLBACK");
        return result;
    }
    if (auto committed = connection.exec("COMMIT"); !committed) return std::unexpected(committed.error());
    return result;
}

// A PostgreSQL array literal of bytea (hex) or text values, NULL for nullopt.
std::string bytea_array(const std::vector<std::optional<std::string>>& values);
std::string text_array(const std::vector<std::optional<std::string>>& values);

// The kind of error an SQLSTATE means (the fleet schema raises KT… for refused, forged or
// reordered data and KB… for refused requests).
ErrorKind kind_of_sqlstate(std::string_view sqlstate);

}  // namespace kiosk::fleet::pg
