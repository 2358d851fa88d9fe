// The interview check as one flow: what the source is and the camera behind it, the candidate's
// consent, the deepfake analysis, the active challenges, the recommendation, the recruiter's
// decision. The interview screen posts these calls to its worker; `kiosk session run` makes them in
// a row, answering "no person present" where the flow needs a human.
//
//   auto flow = InterviewFlow::start(ledger, config, {"op-17", "cand-123", "call.mp4", std::nullopt});
//   auto permit = flow->give_consent(notice, "cand-123");
//   flow->record_analysis(analyse_video(*permit, "call.mp4", config));
//   flow->recommend("no person at the kiosk to do the challenges");
//   flow->finish(decision);
#pragma once
#include <optional>
#include <string>

#include "core/config.h"
#include "ledger/ledger.h"
#include "session/flow.h"
#include "vision/challenges.h"

namespace kiosk::session {

struct InterviewStart {
    std::string operator_name;
    std::string subject;
    std::optional<std::string> source;  // the call's video (media::open_source); none: its steps are skipped
    std::optional<std::string> root;    // --root for the camera judgement
};

class InterviewFlow : public Flow {
public:
    // Starts the session and records what the source is and the camera behind it, without analysing
    // a frame: consent comes after.
    static Result<InterviewFlow> start(ledger::Ledger& ledger, const Config& config, const InterviewStart& start);

    // The candidate consented after the notice was shown: the consent and its step, and the permit.
    Result<ConsentPermit> give_consent(std::string_view notice, std::string_view given_by);
    // Consent was not asked (a headless run without --consent): nothing of the person is analysed.
    Result<void> skip_consent(std::string reason);
    // The candidate declined: nothing was analysed, every step still due is skipped, the session ends.
    Result<void> decline_consent();
    // The deepfake analysis (session/analysis_record.h), measured or skipped.
    Result<void> record_analysis(StepOutcome analysis);
    // The active challenges that ran, each as its own record, then the challenges step.
    Result<void> record_challenges(const vision::ChallengeRun& run);
    // The steps still due, skipped with `why_missing`, then the recommendation.
    using Flow::recommend;

private:
    InterviewFlow(Session session, Policy policy, std::string source) : Flow(std::move(session), policy), source_(std::move(source)) {}
    std::string source_;
};

}  // namespace kiosk::session
