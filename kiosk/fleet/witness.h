// The fleet as a witness for one kiosk's ledger (Certificate Transparency's defence against a log
// rolled back or swapped): what `kiosk ledger verify --fleet` holds the local ledger to.
#pragma once
#include "core/result.h"
#include "fleet/pg.h"
#include "ledger/ledger.h"
#include "ledger/verify.h"

namespace kiosk::fleet {

// The key the fleet bound this kiosk to, pinned, and the newest checkpoint the fleet holds for it
// as the known checkpoint (its signature checked with that key first), so ledger::verify_ledger
// catches a ledger rolled back below it, forked from it, or replaced by one with a fresh key.
// The signer is the role the connection logged in as (the kiosk's own URL); for a reviewer's or
// administrator's URL, the signer whose log names the ledger's kiosk id.
Result<ledger::VerifyOptions> witness_options(pg::Connection& connection, const ledger::Ledger& ledger);

}  // namespace kiosk::fleet
