#include "host/inspector.h"

#include <algorithm>
#include <array>

#include "host/neighbours.h"
#include "host/reading.h"

namespace kiosk::host {
namespace {

// The one list of readers, in order: later readers link to subjects of earlier ones (cameras, input
// and network to their USB device), and machine facts come first so they are there for everyone.
constexpr std::array<void (*)(Reading&), 10> readers{
    read_machine, read_usb, read_displays, read_cameras, read_input,
    read_processes, read_sockets, read_modules, read_network,
    read_neighbours,  // WATCH: LAN neighbours (ARP/IPv6) with IEEE vendors; inventory.network.neighbours
};

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
    for (auto reader : readers) reader(reading);
    if (options.mdns.enabled) read_mdns(reading, options.mdns);  // after the neighbours it cross-checks

    ScanReport report;
    report.findings = rules.judge(reading.subjects);
    std::ranges::stable_sort(report.findings, std::greater{}, &Finding::severity);
    report.verdict = std::string(host_verdict(report.findings));
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
