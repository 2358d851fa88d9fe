// Verdicts and the verdict policy ([policy] in kiosk.toml): how findings, scores and skipped steps
// map to pass, review or fail.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "core/severity.h"
#include "core/verdict.h"
#include "session/step.h"

namespace kiosk::session {

using kiosk::Verdict;  // core/verdict.h: the camera stream's verdict is the same vocabulary
using kiosk::parse_verdict;
using kiosk::to_string;

struct Recommendation {
    Verdict verdict = Verdict::review;
    std::vector<std::string> reasons;  // plain language, one per thing that raised the verdict
};

struct Policy {
    Severity fail_at = Severity::high;      // a finding at or above: fail
    Severity review_at = Severity::medium;  // a finding at or above (below fail_at): review
    double score_fail = 0.8;                // a manipulation score at or above: fail, when corroborated
    double score_review = 0.5;              // at or above (below score_fail): review
    bool score_alone_can_fail = false;      // a fail-level score with no other manipulation evidence: fail, or review
    bool skipped_means_review = true;       // a step that could not run: at least review

    static Result<Policy> from(const Config& config);
    // `pass` means positive evidence: every step the workflow marks pass_needs ran and measured
    // something, and a manipulation score is inside the swap model's validated clear region. Anything
    // less is at least `review`, with the reasons, whatever skipped_means_review says.
    Recommendation judge(Workflow workflow, std::span<const StepOutcome> outcomes) const;
    // What the outcomes' own evidence supports (findings, scores, skipped steps), without asking
    // whether the workflow's other steps ran: `kiosk analyze` judges its one step so.
    Recommendation judge_evidence(std::span<const StepOutcome> outcomes) const;
};

}  // namespace kiosk::session
