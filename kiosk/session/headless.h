// `kiosk session run`: a whole workflow unattended. Steps that need a person, a camera or a part
// this build lacks are recorded as skipped with the reason.
#pragma once
#include <optional>
#include <string>

#include "core/config.h"
#include "core/result.h"
#include "ledger/ledger.h"
#include "session/session.h"

namespace kiosk::session {

struct HeadlessOptions {
    Workflow workflow = Workflow::handoff;
    std::optional<std::string> source;  // video source spec for the interview (media::open_source)
    std::optional<std::string> root;    // --root for host inspection
    std::string operator_name;
    std::string subject;
    bool consent = false;               // the subject consented (notice from policy.consent_notice)
    std::optional<Decision> decision;
};

struct HeadlessResult {
    std::string session;
    std::vector<StepOutcome> outcomes;
    Recommendation recommendation;
    std::optional<Verdict> decision;
    std::optional<Error> unsealed;  // stored complete, but no checkpoint covers it yet (Session::end)
};

nlohmann::json to_json(const HeadlessResult& result);

Result<HeadlessResult> run_headless(ledger::Ledger& ledger, const Config& config, const HeadlessOptions& options);

}  // namespace kiosk::session
