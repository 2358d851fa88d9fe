#include "session/headless.h"

#include "session/provenance.h"
#include "session/step_runners.h"

namespace kiosk::session {
namespace {

constexpr std::string_view headless_person = "needs a person at the kiosk; a headless run has none";

// The human step at the end of each workflow: it ran when a decision was given on the command line.
StepOutcome decision_step(std::string_view step, const std::optional<Decision>& decision) {
    if (!decision) return skipped(step, "no decision given (headless run without --decision)");
    StepOutcome outcome;
    outcome.step = std::string(step);
    outcome.status = StepStatus::ran;
    outcome.reason = std::string(decision->kind == Decision::Kind::confirm ? "confirmed" : "overridden") + " by " +
                     decision->by;
    return outcome;
}

}  // namespace

nlohmann::json to_json(const HeadlessResult& result) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& outcome : result.outcomes) steps.push_back(to_json(outcome));
    return {{"session", result.session},
            {"steps", steps},
            {"recommendation", {{"verdict", to_string(result.recommendation.verdict)},
                                {"reasons", result.recommendation.reasons}}},
            {"decision", result.decision ? nlohmann::json(to_string(*result.decision)) : nlohmann::json(nullptr)},
            {"sealed", !result.unsealed}};
}

Result<HeadlessResult> run_headless(ledger::Ledger& ledger, const Config& config, const HeadlessOptions& options) {
    auto policy = Policy::from(config);
    if (!policy) return std::unexpected(policy.error());
    if (options.decision && options.decision->kind == Decision::Kind::override &&
        (options.decision->reason.empty() || !options.decision->verdict))
        return fail("an override needs a verdict and a reason");
    auto salt = ledger::kiosk_salt(ledger.data_dir());
    if (!salt) return std::unexpected(salt.error());
    auto session = Session::start(ledger, {options.workflow, options.operator_name, options.subject, provenance(config)});
    if (!session) return std::unexpected(session.error());
    auto record = [&](StepOutcome outcome) { return session->record_step(std::move(outcome)); };
    Result<void> recorded;
    std::string_view decision_step_id;
    if (options.workflow == Workflow::handoff) {
        std::optional<nlohmann::json> fingerprint;
        recorded = record(inspect_host(config, options.root, *salt, fingerprint));
        if (recorded && fingerprint) recorded = session->record_fingerprint(*fingerprint);
        if (recorded) recorded = record(check_camera(std::nullopt, options.root));
        if (recorded) recorded = record(skipped(step_id::liveness, std::string(headless_person)));
        decision_step_id = step_id::it_signoff;
    } else {
        if (options.source) {
            recorded = record(check_source(*options.source));
            if (recorded) recorded = record(check_camera(options.source, options.root));
        } else {
            recorded = record(skipped(step_id::source_authenticity, "no video source given (--source)"));
            if (recorded) recorded = record(skipped(step_id::camera_authenticity, "no video source given (--source)"));
        }
        if (recorded) {
            if (options.consent) {
                recorded = session->record_consent(config.string("policy.consent_notice"), options.subject);
                StepOutcome consent;
                consent.step = step_id::consent;
                consent.status = StepStatus::ran;
                consent.reason = "consent recorded for " + options.subject;
                if (recorded) recorded = record(std::move(consent));
            } else {
                recorded = record(skipped(step_id::consent, "the candidate's consent was not given (--consent)"));
            }
        }
        if (recorded) {
            auto permit = session->consent();
            if (!permit) recorded = record(skipped(step_id::deepfake_analysis, permit.error().message));
            else if (!options.source) recorded = record(skipped(step_id::deepfake_analysis, "no video source given (--source)"));
            else recorded = record(analyse_video(*permit, *options.source, config));
        }
        if (recorded) recorded = record(skipped(step_id::challenges, std::string(headless_person)));
        decision_step_id = step_id::recruiter_decision;
    }
    if (!recorded) return std::unexpected(recorded.error());
    auto recommendation = session->recommend(*policy);
    if (!recommendation) return std::unexpected(recommendation.error());
    HeadlessResult result{session->id(), {}, *recommendation, std::nullopt, std::nullopt};
    if (auto done = record(decision_step(decision_step_id, options.decision)); !done) return std::unexpected(done.error());
    if (options.decision) {
        auto verdict = session->decide(*options.decision);
        if (!verdict) return std::unexpected(verdict.error());
        result.decision = *verdict;
    }
    if (auto ended = session->end(); !ended) {
        if (ended.error().kind != ErrorKind::unsealed) return std::unexpected(ended.error());
        result.unsealed = ended.error();
    }
    result.outcomes.assign(session->outcomes().begin(), session->outcomes().end());
    return result;
}

}  // namespace kiosk::session
