#include "fleet/verify.h"

namespace kiosk::fleet {

Result<std::vector<SignerVerdict>> verify_fleet(pg::Connection& connection) {
    auto all = signers(connection);
    if (!all) return std::unexpected(all.error());
    std::vector<SignerVerdict> verdicts;
    for (auto& signer : *all) {
        auto report = ledger::verify_log(FleetLog(connection, signer), signer.key);
        // A read that failed is not evidence about the log: the whole run fails with it.
        if (!report.ok && report.problem_kind != ErrorKind::tampered)
            return fail(report.problem_kind, "signer " + signer.role + ": " + report.problem);
        verdicts.push_back(SignerVerdict{std::move(signer), std::move(report)});
    }
    return verdicts;
}

nlohmann::json to_json(const SignerVerdict& verdict) {
    auto json = ledger::to_json(verdict.report);
    json["signer"] = verdict.signer.role;
    json["kiosk"] = verdict.signer.kiosk_id;
    return json;
}

}  // namespace kiosk::fleet
