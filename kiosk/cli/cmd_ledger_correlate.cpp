// `kiosk ledger correlate [--json] [--data-dir DIR]`: groups of sessions for different subjects
// that share a KVM, an EDID serial or a LAN neighbourhood (ledger/correlate.h), read from the
// session.fingerprint records in the ledger. Exit 1 when any group is found.
#include "cli/common.h"
#include "core/exit_code.h"
#include "core/printable.h"
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

    auto groups = ledger::correlate(*sessions);
    if (args->flag("--json")) {
        auto list = nlohmann::json::array();
        for (const auto& group : groups) list.push_back(ledger::to_json(group));
        write_json(io, {{"sessions_with_fingerprints", sessions->size()}, {"groups", list}});
    } else {
        io.out << sessions->size() << " sessions with fingerprints, " << groups.size() << " groups of different subjects sharing a device\n";
        for (const auto& group : groups) {
            // Subjects and session ids come from the records: escaped, like every ledger value shown.
            io.out << "- " << group.evidence << ": subjects";
            for (const auto& subject : group.subjects) io.out << " " << escaped(subject);
            io.out << " in sessions";
            for (const auto& session : group.sessions) io.out << " " << escaped(session);
            io.out << " (" << group.shared.size() << " shared hash" << (group.shared.size() == 1 ? "" : "es") << ")\n";
        }
    }
    return groups.empty() ? exit_ok : exit_findings;
}

}  // namespace kiosk::cli
