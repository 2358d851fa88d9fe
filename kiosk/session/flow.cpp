#include "session/flow.h"

#include <algorithm>

namespace kiosk::session {
namespace {

std::string decision_summary(const Decision& decision, Verdict verdict) {
    if (decision.kind == Decision::Kind::confirm) return "confirmed by " + decision.by;
    return "overridden to " + std::string(to_string(verdict)) + " by " + decision.by + ": " + decision.reason;
}

}  // namespace

std::string_view Flow::decision_step() const {
    return workflow() == Workflow::interview ? step_id::recruiter_decision : step_id::it_signoff;
}

bool Flow::recorded(std::string_view step) const {
    return std::ranges::any_of(outcomes(), [&](const StepOutcome& outcome) { return outcome.step == step; });
}

Result<void> Flow::skip_remaining(std::string_view reason, bool with_decision) {
    for (const auto& step : steps(workflow())) {
        if (recorded(step.id) || (!with_decision && step.id == decision_step())) continue;
        StepOutcome outcome;
        outcome.step = std::string(step.id);
        outcome.reason = std::string(reason);
        if (auto written = session_.record_step(std::move(outcome)); !written) return written;
    }
    return {};
}

Result<Recommendation> Flow::recommend(std::string_view why_missing) {
    if (auto skipped = skip_remaining(why_missing, false); !skipped) return std::unexpected(skipped.error());
    return session_.recommend(policy_);
}

Result<ConsentPermit> Flow::record_consent(std::string_view notice, std::string_view given_by) {
    if (auto consent = session_.record_consent(notice, given_by); !consent) return std::unexpected(consent.error());
    return session_.consent();
}

Result<Finished> Flow::finish(const std::optional<Decision>& decision) {
    if (decision)
        if (auto checked = check_decision(*decision); !checked) return std::unexpected(checked.error());
    Finished finished;
    StepOutcome step;
    step.step = std::string(decision_step());
    if (decision) {
        auto verdict = session_.decide(*decision);
        if (!verdict) return std::unexpected(verdict.error());
        finished.decision = *verdict;
        step.status = StepStatus::ran;
        step.reason = decision_summary(*decision, *verdict);
    } else {
        step.reason = "no decision was given";
    }
    if (auto written = session_.record_step(std::move(step)); !written) return std::unexpected(written.error());
    if (auto ended = session_.end(); !ended) {
        if (ended.error().kind != ErrorKind::unsealed) return std::unexpected(ended.error());
        finished.unsealed = ended.error();
    }
    return finished;
}

}  // namespace kiosk::session
