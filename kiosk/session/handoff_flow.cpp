#include "session/handoff_flow.h"

#include "session/provenance.h"
#include "session/step_runners.h"

namespace kiosk::session {

Result<HandoffFlow> HandoffFlow::start(ledger::Ledger& ledger, const Config& config, const HandoffStart& start) {
    auto policy = Policy::from(config);
    if (!policy) return std::unexpected(policy.error());
    auto salt = ledger::kiosk_salt(ledger.data_dir());
    if (!salt) return std::unexpected(salt.error());
    auto session = Session::start(ledger, {Workflow::handoff, start.operator_name, start.subject, provenance(config)});
    if (!session) return std::unexpected(session.error());
    HandoffFlow flow(std::move(*session), *policy, config, start.root, std::move(*salt));
    if (auto inspected = flow.inspect(""); !inspected) return std::unexpected(inspected.error());
    if (auto written = flow.session_.record_step(check_camera(std::nullopt, start.root)); !written)
        return std::unexpected(written.error());
    return flow;
}

Result<void> HandoffFlow::inspect(std::string_view why) {
    std::optional<nlohmann::json> fingerprint;
    auto outcome = inspect_host(config_, root_, salt_, fingerprint);
    if (!why.empty()) outcome.reason = std::string(why) + ": " + outcome.reason;
    if (auto written = session_.record_step(std::move(outcome)); !written) return written;
    if (fingerprint) return session_.record_fingerprint(*fingerprint);
    return {};
}

Result<void> HandoffFlow::reinspect(std::string_view what) {
    if (auto inspected = inspect("inspected again after the machine changed (" + std::string(what) + ")"); !inspected)
        return inspected;
    if (!recommendation()) return {};
    if (auto made = session_.recommend(policy_); !made) return std::unexpected(made.error());
    return {};
}

Result<ConsentPermit> HandoffFlow::give_consent(std::string_view notice, std::string_view given_by) {
    return record_consent(notice, given_by);
}

Result<Recommendation> HandoffFlow::record_liveness(StepOutcome liveness) {
    if (liveness.step != step_id::liveness) return fail(ErrorKind::internal, "not the liveness step: " + liveness.step);
    if (auto written = session_.record_step(std::move(liveness)); !written) return std::unexpected(written.error());
    return recommend("not done before the sign-off");
}

}  // namespace kiosk::session
