// Operators who may sign in to the kiosk UI: a name and a PIN hash (libsodium's Argon2id string) per
// entry of kiosk.toml [operators] accounts. Only hashes are ever stored; a PIN never leaves memory.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/result.h"

namespace kiosk::operators {

struct Account {
    std::string name;
    std::string pin_hash;  // "$argon2id$v=19$m=…,t=…,p=1$…"
};

// The configured accounts; an entry of the wrong shape is an error naming its file:line.
Result<std::vector<Account>> accounts(const Config& config);

// A PIN is 4 to 32 digits; a name is 1 to 64 of [A-Za-z0-9._-]. Errors say which rule failed.
Result<void> check_name(std::string_view name);
Result<void> check_pin(std::string_view pin);

// Argon2id hash of `pin` (checked first). Slow on purpose (about 0.1–0.5 s, 64 MiB).
Result<std::string> hash_pin(std::string_view pin);

// The account called `name` whose hash matches `pin`; the error does not say which of the two was wrong.
Result<Account> sign_in(const std::vector<Account>& known, std::string_view name, std::string_view pin);

// The line `kiosk operator add` prints for pasting into [operators] accounts = [ … ].
std::string toml_entry(const Account& account);

// Adds `account` to the operator's config FILE (created when absent), keeping every other byte of it.
// The result is checked as a whole config before it atomically replaces the file; a name that is
// already there is an error (remove its line first to change a PIN).
Result<void> add_to_config_file(const std::filesystem::path& file, const Account& account);

}  // namespace kiosk::operators
