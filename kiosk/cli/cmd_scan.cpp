// kiosk scan [--root DIR] [--json] [--mdns] [--fail-on SEVERITY] [--config FILE]: inspect this machine (or a
// tree that mirrors one) for KVM-over-IP, capture and remote-control hardware and software. kiosk-agent
// runs this same command as `kiosk-agent scan`.
#include <map>

#include "cli/common.h"
#include "cli/scan_options.h"
#include "core/exit_code.h"
#include "core/printable.h"
#include "host/inspector.h"

namespace kiosk::cli {

const std::string_view scan_usage =
    "usage: kiosk scan [--root DIR] [--json] [--mdns] [--fail-on SEVERITY] [--config FILE]\n"
    "Reads DIR/sys and DIR/proc (default /): USB tree, displays, cameras, input devices, processes,\n"
    "listening ports, kernel modules, network interfaces; judges them with the signature rules.\n"
    "--mdns also asks the LAN (mDNS one-shot queries) for KVM host names (config scan.mdns).\n"
    "Exit 0 nothing at or above --fail-on (default high), 1 findings at or above it, 2 bad input.\n";

namespace {

std::string evidence_text(const nlohmann::json& evidence) {
    std::string out;
    for (const auto& [key, value] : evidence.items()) {
        if (!out.empty()) out += "  ";
        out += escaped(key) + "=" + (value.is_string() ? escaped(value.get<std::string>()) : json_text(value));
    }
    return out;
}

std::size_t count(const nlohmann::json& inventory, const char* key) {
    const auto found = inventory.find(key);
    return found != inventory.end() && found->is_array() ? found->size() : 0;
}

void write_human(Io& io, const std::string& root, const host::ScanReport& report) {
    const auto& inv = report.inventory;
    const auto& software = inv.at("software");
    io.out << io.program << " scan of " << root << ": " << to_string(report.verdict) << "\n";
    const auto usb_devices = std::ranges::count_if(inv.at("usb"), [](const auto& d) { return !d.at("root_hub").template get<bool>(); });
    io.out << "  " << usb_devices << " USB devices, " << count(inv, "displays") << " display connectors, "
           << count(inv, "cameras") << " cameras, " << count(inv, "input") << " input devices, "
           << count(software, "processes") << " processes, " << count(software, "listening") << " listening ports, "
           << count(software, "modules") << " kernel modules, " << count(inv, "network") << " network interfaces\n";
    if (count(inv, "usb") == 0 && count(inv, "displays") == 0 && count(inv, "cameras") == 0)
        io.out << "  No USB bus, no display connectors and no cameras are visible here (a container or a "
                  "stripped-down machine): only software and network were inspected.\n";
    if (const auto network = inv.find("network"); network != inv.end() && network->contains("mdns_status"))
        io.out << "  mDNS: " << network->at("mdns_status").get<std::string>() << "\n";
    if (report.findings.empty()) {
        io.out << "No findings.\n";
        return;
    }
    std::optional<Severity> heading;
    for (const auto& finding : report.findings) {
        if (finding.severity != heading) {
            heading = finding.severity;
            std::string name(to_string(finding.severity));
            for (auto& c : name) c = static_cast<char>(c - 'a' + 'A');
            io.out << "\n" << name << "\n";
        }
        io.out << "  " << finding.title << "  [" << finding.rule << ", " << finding.category << "]\n"
               << "    on " << finding.subject << "\n";
        if (!finding.evidence.empty()) io.out << "    evidence: " << evidence_text(finding.evidence) << "\n";
    }
}

// --mdns, or scan.mdns on a live scan (a fixture tree is not on a LAN: only --mdns asks one).
Result<host::MdnsOptions> mdns_options(const Args& args, const Config& config, const std::filesystem::path& root) {
    host::MdnsOptions out;
    out.enabled = args.flag("--mdns") || (config.boolean("scan.mdns") && root == "/");
    out.listen = std::chrono::milliseconds(static_cast<std::int64_t>(config.number("scan.mdns_listen_seconds") * 1000));
    if (const auto target = config.string("scan.mdns_target"); !target.empty()) {
        auto parsed = host::parse_mdns_target(target);
        if (!parsed) return std::unexpected(config.bad_value("scan.mdns_target", parsed.error().message));
        out.target = *parsed;
    }
    return out;
}

}  // namespace

Result<host::InspectOptions> scan_options(const Args& args, const Config& config) {
    host::InspectOptions options;
    options.root = args.option("--root").value_or("/");
    options.rules_dir = config.string("scan.rules_dir");
    auto mdns = mdns_options(args, config, options.root);
    if (!mdns) return std::unexpected(mdns.error());
    options.mdns = *mdns;
    return options;
}

int run_scan(std::span<const std::string> argv, Io& io) {
    auto args = Args::parse(argv, ArgSpec{{"--json", "--mdns"}, {"--root", "--fail-on"}, 0});
    if (!args) return report(io, "scan", args.error());
    auto config = config_from(*args);
    if (!config) return report(io, "scan", config.error());
    auto threshold = fail_on_from(*args, *config, "scan.fail_on");
    if (!threshold) return report(io, "scan", threshold.error());

    auto options = scan_options(*args, *config);
    if (!options) return report(io, "scan", options.error());
    auto report = host::inspect(*options);
    if (!report) return cli::report(io, "scan", report.error());

    if (args->flag("--json")) {
        auto findings = nlohmann::json::array();
        for (const auto& finding : report->findings) findings.push_back(to_json(finding));
        write_json(io, {{"findings", findings}, {"inventory", report->inventory}, {"verdict", to_string(report->verdict)}});
    } else {
        write_human(io, options->root.string(), *report);
    }
    return exit_for(report->findings, *threshold);
}

}  // namespace kiosk::cli
