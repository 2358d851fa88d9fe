// What both workflows (session/interview_flow.h, session/handoff_flow.h) share once their session is
// open: the policy that judges it, the steps still due recorded as skipped with the reason, and the
// human decision that ends it. The UI and `kiosk session run` drive the same flows, so both write
// the same records in the same order.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "session/session.h"
#include "session/verdict.h"

namespace kiosk::session {

struct Finished {
    std::optional<Verdict> decision;  // the human's verdict; none when the session ended undecided
    std::optional<Error> unsealed;    // stored complete, but no checkpoint covers it yet (Session::end)
};

class Flow {
public:
    const std::string& id() const { return session_.id(); }
    Workflow workflow() const { return session_.workflow(); }
    std::span<const StepOutcome> outcomes() const { return session_.outcomes(); }
    const std::optional<Recommendation>& recommendation() const { return session_.recommendation(); }

    // The human decision on the recommendation, the step it completes, and the end of the session.
    // Without a decision (a headless run given none) that step is recorded as skipped.
    Result<Finished> finish(const std::optional<Decision>& decision);

protected:
    Flow(Session session, Policy policy) : session_(std::move(session)), policy_(policy) {}
    // The step the workflow's person completes by deciding.
    std::string_view decision_step() const;
    bool recorded(std::string_view step) const;
    // Every step of the workflow not recorded yet (the decision apart, unless `with_decision`) is
    // recorded as skipped with `reason`: a step is never silently passed.
    Result<void> skip_remaining(std::string_view reason, bool with_decision);
    // The steps still due, skipped with `why_missing`, then the recommendation over every step.
    Result<Recommendation> recommend(std::string_view why_missing);
    // The person's consent to be analysed, and the permit analysis needs.
    Result<ConsentPermit> record_consent(std::string_view notice, std::string_view given_by);

    Session session_;
    Policy policy_;
};

}  // namespace kiosk::session
