#include "fleet/pg.h"

#include <array>
#include <charconv>

namespace kiosk::fleet::pg {
namespace {

// libpq's messages span lines ("connection to server … failed: …\n\tIs the server running…");
// one line keeps to the one-error-line rule.
std::string one_line(std::string_view message) {
    std::string line;
    for (char c : message) {
        if (c == '\n' || c == '\t') {
            if (!line.empty() && line.back() != ' ') line += ' ';
        } else {
            line += c;
        }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
}

// Credentials or names the server refused are the URL's fault; the rest means it was not reached.
ErrorKind kind_of_connect_failure(std::string_view message) {
    for (std::string_view refused : {"password authentication failed", "no password supplied", "does not exist",
                                     "authentication failed", "no pg_hba.conf entry", "certificate"})
        if (message.find(refused) != std::string_view::npos) return ErrorKind::bad_input;
    return ErrorKind::io;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

std::string quoted_element(std::string_view value) {
    std::string out = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string Rows::text(int row, int column) const {
    return std::string(PQgetvalue(result_.get(), row, column),
                       static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::int64_t Rows::integer(int row, int column) const {
    const auto value = text(row, column);
    std::int64_t number = 0;
    std::from_chars(value.data(), value.data() + value.size(), number);
    return number;
}

std::string Rows::bytes(int row, int column) const {
    const auto value = text(row, column);  // "\x0a1b…"
    std::string out;
    if (value.size() < 2) return out;
    out.reserve((value.size() - 2) / 2);
    for (std::size_t i = 2; i + 1 < value.size(); i += 2)
        out += static_cast<char>(hex_value(value[i]) * 16 + hex_value(value[i + 1]));
    return out;
}

Result<Connection> Connection::open(const std::string& url) {
    char* parse_error = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &parse_error);
    if (!parsed) {
        std::string message = parse_error ? one_line(parse_error) : "out of memory";
        PQfreemem(parse_error);
        return fail(ErrorKind::bad_input, "the fleet URL is not a libpq connection string or postgresql:// URI: " + message);
    }
    PQconninfoFree(parsed);
    // The URL's own settings override these defaults (expand_dbname: later values win).
    const std::array<const char*, 5> keywords{"connect_timeout", "client_encoding", "fallback_application_name",
                                              "dbname", nullptr};
    const std::array<const char*, 5> values{"10", "UTF8", "kiosk", url.c_str(), nullptr};
    Connection connection(PQconnectdbParams(keywords.data(), values.data(), 1));
    if (!connection.handle()) return fail(ErrorKind::internal, "libpq could not allocate a connection");
    if (PQstatus(connection.handle()) != CONNECTION_OK) {
        auto message = one_line(PQerrorMessage(connection.handle()));
        return fail(kind_of_connect_failure(message), "cannot connect to the fleet store: " + message);
    }
    // The server's NOTICEs ("schema … already exists, skipping") are not ours to print.
    PQsetNoticeProcessor(connection.handle(), [](void*, const char*) {}, nullptr);
    return connection;
}

namespace {

// The result of one round trip, or its error as one line with the kind its SQLSTATE means.
Result<Rows> checked(PGconn* connection, PGresult* result) {
    if (!result) return fail(ErrorKind::io, "the fleet store connection failed: " + one_line(PQerrorMessage(connection)));
    const auto status = PQresultStatus(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Rows(result);
    const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    std::string message = one_line(primary ? primary : PQerrorMessage(connection));
    ErrorKind kind = PQstatus(connection) == CONNECTION_BAD ? ErrorKind::io
                     : state                                 ? kind_of_sqlstate(state)
                                                             : ErrorKind::io;
    PQclear(result);
    if (kind == ErrorKind::io) message = "the fleet store connection failed: " + message;
    return fail(kind, message);
}

}  // namespace

Result<Rows> Connection::query(std::string_view sql, const std::vector<Param>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& param : params) values.push_back(param ? param->c_str() : nullptr);
    return checked(handle(), PQexecParams(handle(), std::string(sql).c_str(), static_cast<int>(params.size()), nullptr,
                                          values.data(), nullptr, nullptr, 0));
}

Result<void> Connection::exec(std::string_view sql) {
    auto rows = checked(handle(), PQexec(handle(), std::string(sql).c_str()));
    if (!rows) return std::unexpected(rows.error());
    return {};
}

Result<std::string> Connection::password_secret(const std::string& role, const std::string& password) {
    char* secret = PQencryptPasswordConn(handle(), password.c_str(), role.c_str(), "scram-sha-256");
    if (!secret) return fail(ErrorKind::internal, "cannot derive the SCRAM secret: " + one_line(PQerrorMessage(handle())));
    std::string text = secret;
    PQfreemem(secret);
    return text;
}

Result<std::string> Connection::url_for(const std::string& url, const std::string& user,
                                        const std::string& password) const {
    char* parse_error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &parse_error);
    if (!options) {
        PQfreemem(parse_error);
        return fail(ErrorKind::bad_input, "the fleet URL is not a libpq connection string or postgresql:// URI");
    }
    auto quoted = [](std::string_view value) {
        std::string out = "'";
        for (char c : value) {
            if (c == '\'' || c == '\\') out += '\\';
            out += c;
        }
        return out + "'";
    };
    std::string out;
    auto add = [&](std::string_view keyword, std::string_view value) {
        out += (out.empty() ? "" : " ") + std::string(keyword) + "=" + quoted(value);
    };
    bool has_host = false, has_port = false, has_dbname = false;
    for (auto* option = options; option->keyword; ++option) {
        const std::string_view keyword = option->keyword;
        if (!option->val || keyword == "user" || keyword == "password" || keyword == "passfile") continue;
        has_host = has_host || keyword == "host" || keyword == "hostaddr";
        has_port = has_port || keyword == "port";
        has_dbname = has_dbname || keyword == "dbname";
        add(keyword, option->val);
    }
    PQconninfoFree(options);
    if (!has_host) add("host", PQhost(handle()));
    if (!has_port) add("port", PQport(handle()));
    if (!has_dbname) add("dbname", PQdb(handle()));
    add("user", user);
    add("password", password);
    return out;
}

std::string bytea_array(const std::vector<std::optional<std::string>>& values) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out = "{";
    for (const auto& value : values) {
        if (out.size() > 1) out += ',';
        if (!value) {
            out += "NULL";
            continue;
        }
        out += "\"\\\\x";
        for (unsigned char c : *value) {
            out += digits[c >> 4];
            out += digits[c & 15];
        }
        out += '"';
    }
    return out + "}";
}

std::string text_array(const std::vector<std::optional<std::string>>& values) {
    std::string out = "{";
    for (const auto& value : values) {
        if (out.size() > 1) out += ',';
        out += value ? quoted_element(*value) : "NULL";
    }
    return out + "}";
}

ErrorKind kind_of_sqlstate(std::string_view sqlstate) {
    if (sqlstate.starts_with("KT")) return ErrorKind::tampered;
    if (sqlstate.starts_with("KB")) return ErrorKind::bad_input;
    if (sqlstate.starts_with("08") || sqlstate.starts_with("57P")) return ErrorKind::io;  // connection, shutdown
    if (sqlstate.starts_with("53")) return ErrorKind::full;                             // disk full, out of memory
    // Refused credentials or privileges, bad values (22…), names that do not exist (42…).
    if (sqlstate.starts_with("28") || sqlstate.starts_with("42") || sqlstate.starts_with("22") ||
        sqlstate.starts_with("23"))
        return ErrorKind::bad_input;
    return ErrorKind::internal;
}

}  // namespace kiosk::fleet::pg
