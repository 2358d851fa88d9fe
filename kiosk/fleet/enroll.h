// `kiosk fleet enroll`: a login role for one kiosk or agent, member of kiosk_ingest, bound to the
// public key its ledger signs with, and the connection string it pushes with.
//
// Authentication is a generated password (32 random bytes): it works over any network and with
// any pg_hba.conf method the administrator picks (scram-sha-256), and only its SCRAM secret
// reaches the server. Peer authentication cannot serve laptops on other machines; client
// certificates (`hostssl … cert`) can be layered on in pg_hba.conf, and libpq's sslcert/sslkey
// options then go into the printed string beside the password.
#pragma once
#include <string>

#include "core/result.h"
#include "fleet/pg.h"
#include "ledger/minisign.h"

namespace kiosk::fleet {

struct Enrolled {
    std::string role;
    std::string url;  // libpq keyword=value string, password included: hand it to the kiosk's [fleet] url
};

// `name` becomes the role name: 1-63 of a-z, 0-9, '_' and '-', starting with a letter.
Result<Enrolled> enroll(pg::Connection& connection, const std::string& admin_url, const std::string& name,
                        const ledger::PublicKey& key);

}  // namespace kiosk::fleet
