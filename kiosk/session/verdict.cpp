#include "session/verdict.h"

#include <algorithm>
#include <sstream>


namespace kiosk::session {

Result<Policy> Policy::from(const Config& config) {
    // Ranges and order (review_at <= fail_at, score_review <= score_fail) were checked at load.
    Policy policy;
    policy.fail_at = config.severity("policy.fail_at");
    policy.review_at = config.severity("policy.review_at");
    policy.score_fail = config.number("policy.score_fail");
    policy.score_review = config.number("policy.score_review");
    policy.score_alone_can_fail = config.boolean("policy.score_alone_can_fail");
    policy.skipped_means_review = config.boolean("policy.skipped_means_review");
    return policy;
}

namespace {

constexpr std::string_view not_cleared_reason =
    "the passive analysis cannot clear this face on its own; run the interview check with challenges";

// Evidence of manipulation besides the face analysis's score: the stream shows injection, or the
// person did not pass one of the session's active challenges (any finding of the challenges step).
// A finding that only says evidence is missing, such as "no usable face" or "camera not proven",
// does not count.
bool is_manipulation_evidence(const StepOutcome& outcome, const Finding& finding) {
    return finding.category == "injection" || outcome.step == step_id::challenges;
}

void raise_verdict(Recommendation& recommendation, Verdict to, std::string reason) {
    if (to > recommendation.verdict) recommendation.verdict = to;
    if (to != Verdict::pass) recommendation.reasons.push_back(std::move(reason));
}

}  // namespace

Recommendation Policy::judge(Workflow workflow, std::span<const StepOutcome> outcomes) const {
    auto recommendation = judge_evidence(outcomes);
    for (const auto& step : steps(workflow)) {
        if (!step.pass_needs) continue;
        const auto outcome = std::ranges::find(outcomes, step.id, &StepOutcome::step);
        const std::string needed = " (" + std::string(step.title) + "), and a pass needs it";
        if (outcome == outcomes.end())
            raise_verdict(recommendation, Verdict::review, std::string(step.id) + " never ran" + needed);
        else if (outcome->status == StepStatus::skipped && !skipped_means_review)  // else said by judge_evidence
            raise_verdict(recommendation, Verdict::review, std::string(step.id) + " did not run: " + outcome->reason + needed);
        else if (outcome->status == StepStatus::ran && outcome->checks.empty())
            raise_verdict(recommendation, Verdict::review, std::string(step.id) + " measured nothing" + needed);
    }
    return recommendation;
}

Recommendation Policy::judge_evidence(std::span<const StepOutcome> outcomes) const {
    Recommendation recommendation{Verdict::pass, {}};
    const bool corroborated = std::ranges::any_of(outcomes, [&](const StepOutcome& outcome) {
        return outcome.status == StepStatus::ran && std::ranges::any_of(outcome.findings, [&](const Finding& finding) {
                   return finding.severity >= review_at && is_manipulation_evidence(outcome, finding);
               });
    });
    auto raise = [&](Verdict to, std::string reason) { raise_verdict(recommendation, to, std::move(reason)); };
    for (const auto& outcome : outcomes) {
        if (outcome.status == StepStatus::skipped) {
            if (skipped_means_review) raise(Verdict::review, outcome.step + " did not run: " + outcome.reason);
            continue;
        }
        for (const auto& finding : outcome.findings) {
            if (finding.severity >= fail_at)
                raise(Verdict::fail, outcome.step + ": " + finding.title + " (" + std::string(to_string(finding.severity)) + ")");
            else if (finding.severity >= review_at)
                raise(Verdict::review, outcome.step + ": " + finding.title + " (" + std::string(to_string(finding.severity)) + ")");
        }
        if (outcome.score) {
            std::ostringstream score;
            score.precision(2);
            score << std::fixed << *outcome.score;
            const auto at_or_above = [](double threshold) { return " is at or above " + std::to_string(threshold).substr(0, 4); };
            // On real live swaps the score alone is not yet good enough (vision/README.md), so by
            // itself it asks for a human review rather than failing the person.
            if (*outcome.score >= score_fail && (corroborated || score_alone_can_fail))
                raise(Verdict::fail, outcome.step + ": manipulation score " + score.str() + at_or_above(score_fail));
            else if (*outcome.score >= score_fail)
                raise(Verdict::review, outcome.step + ": manipulation score " + score.str() + at_or_above(score_fail) +
                                           " but nothing else in the session shows manipulation");
            else if (*outcome.score >= score_review)
                raise(Verdict::review, outcome.step + ": manipulation score " + score.str() + at_or_above(score_review));
            else if (!outcome.score_cleared)
                raise(Verdict::review, outcome.step + ": " + std::string(not_cleared_reason) + " (score " +
                                           score.str() + ")");
        }
    }
    return recommendation;
}

}  // namespace kiosk::session
