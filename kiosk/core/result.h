// Expected failures are values: a Result holds either the value or one clear, printable Error.
// Each Error has a kind, so callers decide by what went wrong (retry a lost camera, report a
// tampered ledger) and the CLI maps kinds to exit codes in one table (exit_code.h).
#pragma once
#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace kiosk {

enum class ErrorKind {
    bad_input,  // unusable usage, configuration or file content
    not_found,  // a named file, device, session or key does not exist
    tampered,   // signed or chained data does not verify: evidence of editing
    io,         // the system could not read or write (permissions, read-only media, device error)
    full,       // no space left: the write was refused and nothing of it was kept
    unsealed,   // records were committed, but the checkpoint that seals them could not be written
    lost,       // a live source stopped delivering after it had started
    timeout,    // a source delivered nothing within its timeout
    internal,   // a bug or an environment failure we did not expect
};

struct Error {
    std::string message;  // one line, says what was wrong and where (file:line when known)
    ErrorKind kind = ErrorKind::bad_input;
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string message) { return std::unexpected(Error{std::move(message)}); }
inline std::unexpected<Error> fail(ErrorKind kind, std::string message) {
    return std::unexpected(Error{std::move(message), kind});
}

// The same error with context in front of its message ("config.toml: " + ...), kind kept.
inline std::unexpected<Error> fail(const Error& cause, std::string_view context) {
    return std::unexpected(Error{std::string(context) + cause.message, cause.kind});
}

constexpr std::string_view to_string(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::bad_input: return "bad_input";
        case ErrorKind::not_found: return "not_found";
        case ErrorKind::tampered: return "tampered";
        case ErrorKind::io: return "io";
        case ErrorKind::full: return "full";
        case ErrorKind::unsealed: return "unsealed";
        case ErrorKind::lost: return "lost";
        case ErrorKind::timeout: return "timeout";
        case ErrorKind::internal: return "internal";
    }
    return "internal";
}

}  // namespace kiosk
