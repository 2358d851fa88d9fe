#include "session/interview_flow.h"

#include "session/provenance.h"
#include "session/step_runners.h"

namespace kiosk::session {

Result<InterviewFlow> InterviewFlow::start(ledger::Ledger& ledger, const Config& config, const InterviewStart& start) {
    auto policy = Policy::from(config);
    if (!policy) return std::unexpected(policy.error());
    auto session = Session::start(ledger, {Workflow::interview, start.operator_name, start.subject, provenance(config)});
    if (!session) return std::unexpected(session.error());
    InterviewFlow flow(std::move(*session), *policy, start.source.value_or(""));
    if (!start.source) {
        for (auto step : {step_id::source_authenticity, step_id::camera_authenticity})
            if (auto written = flow.session_.record_step(skipped(step, "no video source given")); !written)
                return std::unexpected(written.error());
        return flow;
    }
    for (auto outcome : {check_source(*start.source), check_camera(start.source, start.root)})
        if (auto written = flow.session_.record_step(std::move(outcome)); !written) return std::unexpected(written.error());
    return flow;
}

Result<ConsentPermit> InterviewFlow::give_consent(std::string_view notice, std::string_view given_by) {
    auto permit = record_consent(notice, given_by);
    if (!permit) return permit;
    StepOutcome consent;
    consent.step = step_id::consent;
    consent.status = StepStatus::ran;
    consent.reason = "the candidate consented after the notice was shown";
    if (auto written = session_.record_step(std::move(consent)); !written) return std::unexpected(written.error());
    return permit;
}

Result<void> InterviewFlow::skip_consent(std::string reason) {
    return session_.record_step(skipped(step_id::consent, std::move(reason)));
}

Result<void> InterviewFlow::decline_consent() {
    if (auto skipped = skip_remaining("the candidate declined consent; nothing was analysed", true); !skipped)
        return skipped;
    return session_.end("consent_declined");
}

Result<void> InterviewFlow::record_analysis(StepOutcome analysis) {
    if (analysis.step != step_id::deepfake_analysis) return fail(ErrorKind::internal, "not the analysis step: " + analysis.step);
    return session_.record_step(std::move(analysis));
}

Result<void> InterviewFlow::record_challenges(const vision::ChallengeRun& run) {
    StepOutcome challenges;
    challenges.step = step_id::challenges;
    challenges.status = StepStatus::ran;
    int passed = 0;
    for (const auto& result : run.results()) {
        const auto id = std::string(vision::challenge_id(result.kind));
        if (auto written = session_.record_challenge(
                id, result.outcome, {{"measured", result.measured}, {"latency_s", result.latency}, {"detail", result.detail}});
            !written)
            return written;
        challenges.checks.push_back({"challenge." + id, "live", result.outcome, std::nullopt, "", std::nullopt});
        passed += result.outcome == "pass";
        if (result.outcome != "pass")
            challenges.findings.push_back({"challenge." + id, "deepfake", Severity::medium,
                                           "Challenge not passed: " + std::string(vision::challenge_prompt(result.kind)),
                                           source_, {{"outcome", result.outcome}, {"detail", result.detail}}});
    }
    const auto planned = run.plan().size();
    challenges.reason = std::to_string(passed) + " of " + std::to_string(planned) + " challenges passed" +
                        (run.finished() ? "" : " (ended before the run finished)");
    // A challenge that was never done is missing evidence, not a failed challenge: review, never pass.
    if (!run.finished())
        challenges.findings.push_back({"challenges.unfinished", "evidence", Severity::medium,
                                       "The challenges ended before every one was done", source_,
                                       {{"planned", planned}, {"done", run.results().size()}}});
    return session_.record_step(std::move(challenges));
}

}  // namespace kiosk::session
