#include "cli/correlation_view.h"

#include "cli/common.h"
#include "core/exit_code.h"
#include "core/printable.h"

namespace kiosk::cli {

int show_correlation(Io& io, bool json, std::span<const ledger::SessionFingerprint> sessions,
                     std::span<const ledger::CorrelationGroup> groups) {
    if (json) {
        auto list = nlohmann::json::array();
        for (const auto& group : groups) list.push_back(ledger::to_json(group));
        write_json(io, {{"sessions_with_fingerprints", sessions.size()}, {"groups", list}});
    } else {
        io.out << sessions.size() << " sessions with fingerprints, " << groups.size() << " groups of different subjects sharing a device\n";
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
