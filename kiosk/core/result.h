// Expected failures are values: a Result holds either the value or one clear, printable Error.
#pragma once
#include <expected>
#include <string>
#include <utility>

namespace kiosk {

struct Error {
    std::string message;  // one line, says what was wrong and where (file:line when known)
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string message) { return std::unexpected(Error{std::move(message)}); }

}  // namespace kiosk
