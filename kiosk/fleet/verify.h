// `kiosk fleet verify`: every signer's log in the store checked as `kiosk ledger verify` checks a
// kiosk's ledger (ledger::verify_log: chain, Merkle roots, checkpoint signatures and chain), with
// the key the signer was enrolled with pinned. Catches what the server cannot (an Ed25519
// signature, a Merkle root) and what went around it (a row changed by the database owner).
#pragma once
#include <vector>

#include "core/result.h"
#include "fleet/pg.h"
#include "fleet/store.h"
#include "ledger/verify.h"

namespace kiosk::fleet {

struct SignerVerdict {
    Signer signer;
    ledger::VerifyReport report;
};

// Every signer the connection may see. An error only when the store could not be read.
Result<std::vector<SignerVerdict>> verify_fleet(pg::Connection& connection);

nlohmann::json to_json(const SignerVerdict& verdict);

}  // namespace kiosk::fleet
