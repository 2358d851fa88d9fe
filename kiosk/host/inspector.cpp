#include "host/inspector.h"

#include <algorithm>
#include <array>

#include "host/neighbours.h"
#include "host/reading.h"

namespace kiosk::host {
namespace {

struct Reader {
    const char* part;  // how a failure names it: "displays: could not read sys/class/drm: Permission denied"
    ReadResult (*read)(Reading&);
};

// The one list of readers, in order: later readers link to subjects of earlier ones (cameras, input
// and network to their USB device), and machine facts come first so they are there for everyone.
constexpr std::array<Reader, 10> readers{{
    {"machine", read_machine},
    {"usb", read_usb},
    {"displays", read_displays},
    {"cameras", read_cameras},
    {"input", read_input},
    {"processes", read_processes},
    {"sockets", read_sockets},
    {"modules", read_modules},
    {"network", read_network},
    {"neighbours", read_neighbours},  // WATCH: LAN neighbours (ARP/IPv6) with IEEE vendors; inventory.network.neighbours
}};

}  // namespace

Result<ScanReport> inspect(const InspectOptions& options, const RuleSet& rules) {
    std::error_code error;
    if (!std::filesystem::is_directory(options.root, error))
        return fail(options.root.string() + ": not a directory to inspect");

    Reading reading;
    reading.root = options.root;
    reading.inventory = {{"usb", nlohmann::json::array()},     {"displays", nlohmann::json::array()},
                         {"cameras", nlohmann::json::array()}, {"input", nlohmann::json::array()},
                         {"software", nlohmann::json::object()}, {"network", nlohmann::json::array()}};
    // A reader that fails is reported (report_unreadable) and the others go on: an unreadable part is
    // a finding of its own, never a silent gap.
    for (const auto& reader : readers)
        if (auto read = reader.read(reading); !read) report_unreadable(reading, reader.part, read.error());
    if (options.mdns.enabled) read_mdns(reading, options.mdns);  // after the neighbours it cross-checks

    ScanReport report;
    report.findings = rules.judge(reading.subjects);
    std::ranges::stable_sort(report.findings, std::greater{}, &Finding::severity);
    report.verdict = host_verdict(report.findings);
    report.subjects = std::move(reading.subjects);
    report.inventory = std::move(reading.inventory);
    return report;
}

Result<ScanReport> inspect(const InspectOptions& options) {
    auto rules = RuleSet::load(options.rules_dir);
    if (!rules) return std::unexpected(rules.error());
    return inspect(options, *rules);
}

}  // namespace kiosk::host
