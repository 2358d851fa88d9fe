// The fleet store's schema in PostgreSQL: versioned migrations kept as SQL text in schema.cpp,
// applied in order, each once, by `kiosk fleet init`.
#pragma once
#include "core/result.h"
#include "fleet/pg.h"

namespace kiosk::fleet {

// The version the newest migration brings the schema to.
int latest_schema_version();

// Creates the schema and the group roles kiosk_ingest and kiosk_review, or brings an older schema
// up to date; does nothing on a current one. Several administrators may run it at once (an
// advisory lock orders them). Returns the schema version after it ran.
Result<int> migrate(pg::Connection& connection);

// The schema version the store holds (0: none, `kiosk fleet init` was not run).
Result<int> schema_version(pg::Connection& connection);

}  // namespace kiosk::fleet
