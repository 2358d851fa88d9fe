#include "agent/recorder.h"

#include "ledger/record.h"

namespace kiosk::agent {
namespace {

nlohmann::json findings_json(const std::vector<Finding>& findings) {
    auto list = nlohmann::json::array();
    for (const auto& finding : findings) list.push_back(to_json(finding));
    return list;
}

}  // namespace

Result<Recorder> Recorder::open(ledger::Ledger ledger) {
    auto scans = ledger.records_of_type(ledger::record_type::agent_scan);
    if (!scans) return std::unexpected(scans.error());
    nlohmann::json last;
    // A purged line has no body left to compare with: the next scan is then recorded again.
    if (!scans->empty() && !scans->back().purged) {
        auto record = ledger::parse_record_line(scans->back().line);
        if (!record) return std::unexpected(record.error());
        last = record->body.value("findings", nlohmann::json());
    }
    return Recorder(std::move(ledger), std::move(last));
}

Recorder::Recorder(ledger::Ledger ledger, nlohmann::json last_findings) :
    ledger_(std::move(ledger)), last_findings_(std::move(last_findings)) {}

Result<std::optional<ledger::Appended>> Recorder::scan(const host::ScanReport& report) {
    auto findings = findings_json(report.findings);
    if (findings == last_findings_) return std::optional<ledger::Appended>{};
    auto appended = ledger_.append(ledger::record_type::agent_scan, "",
                                   {{"verdict", to_string(report.verdict)}, {"findings", findings}});
    if (!appended) return std::unexpected(appended.error());
    last_findings_ = std::move(findings);
    return std::optional{*appended};
}

Result<std::optional<ledger::Appended>> Recorder::watch_line(const nlohmann::json& line) {
    const auto event = line.value("event", "");
    std::vector<ledger::NewRecord> records;
    if (event == "finding") {
        records.push_back({std::string(ledger::record_type::agent_finding), "",
                           {{"source", line.value("source", "")}, {"finding", line.at("finding")}}});
    } else if (event == "hotplug") {
        for (const auto& finding : line.at("new_findings"))
            records.push_back({std::string(ledger::record_type::agent_finding), "",
                               {{"source", "hotplug"},
                                {"action", line.value("action", "")},
                                {"subsystem", line.value("subsystem", "")},
                                {"syspath", line.value("syspath", "")},
                                {"finding", finding}}});
    }
    if (records.empty()) return std::optional<ledger::Appended>{};
    auto appended = ledger_.append_batch(records);
    if (!appended) return std::unexpected(appended.error());
    return std::optional{*appended};
}

Result<std::uint64_t> Recorder::seal() {
    auto checkpoint = ledger_.checkpoint();
    if (!checkpoint) return std::unexpected(checkpoint.error());
    return checkpoint->checkpoint.size;
}

}  // namespace kiosk::agent
