#include "fleet/enroll.h"

#include <sodium.h>

#include <array>

namespace kiosk::fleet {
namespace {

bool valid_role_name(const std::string& name) {
    if (name.empty() || name.size() > 63 || name[0] < 'a' || name[0] > 'z') return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    // pg_ and kiosk_ are reserved: PostgreSQL's own roles and the fleet's group roles.
    return !name.starts_with("pg_") && !name.starts_with("kiosk_");
}

Result<std::string> new_password() {
    if (sodium_init() < 0) return fail(ErrorKind::internal, "libsodium did not initialise");
    std::array<unsigned char, 32> random{};
    randombytes_buf(random.data(), random.size());
    std::array<char, sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)> text{};
    sodium_bin2base64(text.data(), text.size(), random.data(), random.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return std::string(text.data());
}

}  // namespace

Result<Enrolled> enroll(pg::Connection& connection, const std::string& admin_url, const std::string& name,
                        const ledger::PublicKey& key) {
    if (!valid_role_name(name))
        return fail(ErrorKind::bad_input, "'" + name + "' is not a usable role name: 1-63 of a-z, 0-9, '_' and '-', "
                                              "starting with a letter, not pg_… or kiosk_…");
    auto password = new_password();
    if (!password) return std::unexpected(password.error());
    auto secret = connection.password_secret(name, *password);
    if (!secret) return std::unexpected(secret.error());
    auto enrolled = connection.query("SELECT kiosk_fleet.enroll($1, $2, $3)", {name, key.minisign_line(), *secret});
    if (!enrolled) return std::unexpected(enrolled.error());
    auto url = connection.url_for(admin_url, name, *password);
    if (!url) return std::unexpected(url.error());
    return Enrolled{name, *url};
}

}  // namespace kiosk::fleet
