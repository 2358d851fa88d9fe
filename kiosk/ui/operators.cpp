#include "ui/operators.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "core/file_text.h"

namespace kiosk::operators {
namespace {

constexpr std::string_view accounts_key = "operators.accounts";

Result<void> ensure_sodium() {
    if (sodium_init() < 0) return fail("libsodium could not initialise");
    return {};
}

// Byte offset of a 1-based line:column in `text`.
std::size_t offset_of(std::string_view text, std::size_t line, std::size_t column) {
    std::size_t offset = 0;
    for (std::size_t current = 1; current < line && offset < text.size(); ++offset)
        if (text[offset] == '\n') ++current;
    return std::min(text.size(), offset + column - 1);
}

// Where the new entry goes: right after the `[` of an existing accounts array, after the
// [operators] header when it has no accounts key, or a new section at the end.
Result<std::string> with_entry(std::string text, const std::string& file, const Account& account) {
    toml::table parsed;
    try {
        parsed = toml::parse(text, std::string_view{file});
    } catch (const toml::parse_error& error) {
        return fail(file + ":" + std::to_string(error.source().begin.line) + ": " + std::string(error.description()));
    }
    const std::string entry = "\n    " + toml_entry(account);
    if (auto* array = parsed.at_path(accounts_key).node()) {
        if (!array->is_array()) return fail(file + ": operators.accounts must be an array");
        const auto at = offset_of(text, array->source().begin.line, array->source().begin.column) + 1;
        text.insert(at, entry);
    } else if (auto* section = parsed.at_path("operators").node()) {
        auto at = text.find('\n', offset_of(text, section->source().begin.line, 1));
        at = at == std::string::npos ? text.size() : at + 1;
        text.insert(at, "accounts = [" + entry + "\n]\n");
    } else {
        if (!text.empty() && text.back() != '\n') text += '\n';
        text += "\n[operators]\naccounts = [" + entry + "\n]\n";
    }
    return text;
}

Result<void> replace_atomically(const std::filesystem::path& file, const std::string& text, mode_t mode) {
    const auto temporary = file.string() + ".tmp." + std::to_string(getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return fail(temporary + ": cannot create the new config file");
    std::size_t written = 0;
    while (written < text.size()) {
        const auto n = ::write(fd, text.data() + written, text.size() - written);
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
    }
    const bool ok = written == text.size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || std::rename(temporary.c_str(), file.c_str()) != 0) {
        std::filesystem::remove(temporary);
        return fail(file.string() + ": could not write the config file (nothing was changed)");
    }
    return {};
}

}  // namespace

Result<std::vector<Account>> accounts(const Config& config) {
    std::vector<Account> out;
    const auto* array = config.node(accounts_key)->as_array();
    for (const auto& element : *array) {
        const auto* entry = element.as_table();
        auto name = entry ? entry->get_as<std::string>("name") : nullptr;
        auto hash = entry ? entry->get_as<std::string>("pin_hash") : nullptr;
        if (!name || !hash || entry->size() != 2)
            return std::unexpected(config.bad_value(accounts_key, "each entry must be { name = \"…\", pin_hash = \"…\" }"));
        if (auto valid = check_name(name->get()); !valid)
            return std::unexpected(config.bad_value(accounts_key, valid.error().message));
        if (!hash->get().starts_with("$argon2"))
            return std::unexpected(config.bad_value(
                accounts_key, "pin_hash of '" + name->get() + "' is not a hash made by `kiosk operator add`"));
        if (std::ranges::any_of(out, [&](const Account& seen) { return seen.name == name->get(); }))
            return std::unexpected(config.bad_value(accounts_key, "operator '" + name->get() + "' is listed twice"));
        out.push_back({name->get(), hash->get()});
    }
    return out;
}

Result<void> check_name(std::string_view name) {
    const bool allowed = std::ranges::all_of(name, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
               c == '-';
    });
    if (name.empty() || name.size() > 64 || !allowed)
        return fail("an operator name is 1 to 64 letters, digits, '.', '_' or '-', not '" + std::string(name) + "'");
    return {};
}

Result<void> check_pin(std::string_view pin) {
    if (pin.size() < 4 || pin.size() > 32 || !std::ranges::all_of(pin, [](char c) { return c >= '0' && c <= '9'; }))
        return fail("a PIN is 4 to 32 digits");
    return {};
}

Result<std::string> hash_pin(std::string_view pin) {
    if (auto valid = check_pin(pin); !valid) return std::unexpected(valid.error());
    if (auto ready = ensure_sodium(); !ready) return std::unexpected(ready.error());
    std::string out(crypto_pwhash_STRBYTES, '\0');
    if (crypto_pwhash_str(out.data(), pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return fail("not enough memory to hash the PIN");
    out.resize(out.find('\0'));
    return out;
}

Result<Account> sign_in(const std::vector<Account>& known, std::string_view name, std::string_view pin) {
    if (auto ready = ensure_sodium(); !ready) return std::unexpected(ready.error());
    for (const auto& account : known)
        if (account.name == name &&
            crypto_pwhash_str_verify(account.pin_hash.c_str(), pin.data(), pin.size()) == 0)
            return account;
    return fail("unknown operator or wrong PIN");
}

std::string toml_entry(const Account& account) {
    return "{ name = \"" + account.name + "\", pin_hash = \"" + account.pin_hash + "\" },";
}

Result<void> add_to_config_file(const std::filesystem::path& file, const Account& account) {
    std::string text;
    mode_t mode = 0600;  // PIN hashes of short PINs can be brute-forced offline: keep them private
    if (std::filesystem::exists(file)) {
        auto existing = read_file_text(file);
        if (!existing) return std::unexpected(existing.error());
        text = std::move(*existing);
        struct stat info {};
        if (::stat(file.c_str(), &info) == 0) mode = info.st_mode & 07777;
        auto config = Config::parse(text, file.string());
        if (!config) return std::unexpected(config.error());
        auto current = accounts(*config);
        if (!current) return std::unexpected(current.error());
        if (std::ranges::any_of(*current, [&](const Account& seen) { return seen.name == account.name; }))
            return fail(file.string() + ": operator '" + account.name +
                        "' already exists (remove its line to change the PIN)");
    }
    auto updated = with_entry(std::move(text), file.string(), account);
    if (!updated) return std::unexpected(updated.error());
    auto check = Config::parse(*updated, file.string());
    if (!check) return std::unexpected(check.error());
    if (auto listed = accounts(*check); !listed) return std::unexpected(listed.error());
    return replace_atomically(file, *updated, mode);
}

}  // namespace kiosk::operators
