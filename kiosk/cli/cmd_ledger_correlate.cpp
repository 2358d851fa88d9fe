// `kiosk ledger correlate [--json] [--data-dir DIR]`: groups of sessions for different subjects
// that share a KVM, an EDID serial or a LAN neighbourhood (ledger/correlate.h), read from the
// session.fingerprint records in the ledger. Exit 1 when any group is found.
#include "cli/common.h"
#include "cli/correlation_view.h"
#include "ledger/correlate.h"
#include "ledger/ledger.h"

namespace kiosk::cli {

int run_ledger_correlate(std::span<const std::string> argv, Io& io) {
    auto args = Args::parse(argv, {{"--json"}, {"--data-dir"}, 0});
    if (!args) return report(io, "ledger correlate", args.error());
    auto config = config_from(*args);
    if (!config) return report(io, "ledger correlate", config.error());
    auto options = ledger::options_from(*config, args->option("--data-dir"));
    if (!options) return report(io, "ledger correlate", options.error());
    auto store = ledger::Ledger::open_existing(*options);
    if (!store) return report(io, "ledger correlate", store.error());
    auto sessions = ledger::session_fingerprints(*store);
    if (!sessions) return report(io, "ledger correlate", sessions.error());

    return show_correlation(io, args->flag("--json"), *sessions, ledger::correlate(*sessions));
}

}  // namespace kiosk::cli
