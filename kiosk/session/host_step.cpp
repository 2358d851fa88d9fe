#include "core/json_text.h"
#include "host/fingerprint.h"
#include "host/inspector.h"
#include "ledger/digest.h"
#include "session/step_runners.h"

namespace kiosk::session {

StepOutcome skipped(std::string_view step, std::string reason) {
    StepOutcome outcome;
    outcome.step = std::string(step);
    outcome.status = StepStatus::skipped;
    outcome.reason = std::move(reason);
    return outcome;
}

StepOutcome inspect_host(const Config& config, const std::optional<std::string>& root, std::string_view salt,
                         std::optional<nlohmann::json>& fingerprint) {
    host::InspectOptions options;
    options.root = root.value_or("/");
    options.rules_dir = config.string("scan.rules_dir");
    auto rules = host::RuleSet::load(options.rules_dir);
    if (!rules) return skipped(step_id::host_inspection, "signature rules did not load: " + rules.error().message);
    Result<host::ScanReport> report = fail("not run");
    try {
        report = host::inspect(options, *rules);
    } catch (const std::exception& error) {
        return skipped(step_id::host_inspection, std::string("inspection failed: ") + error.what());
    }
    if (!report) return skipped(step_id::host_inspection, "inspection failed: " + report.error().message);
    StepOutcome outcome;
    outcome.step = step_id::host_inspection;
    outcome.status = StepStatus::ran;
    outcome.reason = "machine is " + std::string(to_string(report->verdict)) + " (" + std::to_string(report->findings.size()) + " findings)";
    outcome.findings = report->findings;
    const std::string version = rules->version();
    outcome.checks.push_back({"host.verdict", version, to_string(report->verdict), std::nullopt, "clean|suspicious|compromised", std::nullopt});
    outcome.checks.push_back({"host.subjects", version, report->subjects.size(), std::nullopt, "count", std::nullopt});
    // The inventory names devices and serials: the ledger keeps its hash, the fingerprint keeps salted hashes.
    outcome.checks.push_back({"host.inventory", version, "sha256:" + ledger::to_hex(ledger::sha256(json_text(report->inventory))),
                              std::nullopt, "hash", std::nullopt});
    for (const auto& finding : report->findings)
        outcome.checks.push_back({finding.rule, version, finding.subject, std::nullopt, "subject", finding});
    fingerprint = host::session_fingerprint(*report, salt);
    return outcome;
}

}  // namespace kiosk::session
