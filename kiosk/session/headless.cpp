#include "session/headless.h"

#include "session/handoff_flow.h"
#include "session/interview_flow.h"
#include "session/source_analysis.h"
#include "session/step_runners.h"

namespace kiosk::session {
namespace {

constexpr std::string_view no_person = "needs a person at the kiosk; a headless run has none";
constexpr std::string_view no_source = "no video source given (--source)";

// The handoff in a row: the inspection, no liveness check (it reads a person), the recommendation.
Result<HandoffFlow> run_handoff(ledger::Ledger& ledger, const Config& config, const HeadlessOptions& options) {
    auto flow = HandoffFlow::start(ledger, config, {options.operator_name, options.subject, options.root});
    if (!flow) return flow;
    if (auto made = flow->record_liveness(skipped(step_id::liveness, std::string(no_person))); !made)
        return std::unexpected(made.error());
    return flow;
}

// The interview in a row: the source, consent when given on the command line, the analysis of the
// source's first minute, no challenges (they need a person), the recommendation.
Result<InterviewFlow> run_interview(ledger::Ledger& ledger, const Config& config, const HeadlessOptions& options) {
    auto flow = InterviewFlow::start(ledger, config, {options.operator_name, options.subject, options.source, options.root});
    if (!flow) return flow;
    std::optional<ConsentPermit> permit;
    if (options.consent) {
        auto given = flow->give_consent(config.string("policy.consent_notice"), options.subject);
        if (!given) return std::unexpected(given.error());
        permit = *given;
    } else if (auto skipped_consent = flow->skip_consent("the candidate's consent was not given (--consent)"); !skipped_consent) {
        return std::unexpected(skipped_consent.error());
    }
    auto analysis = !permit         ? skipped(step_id::deepfake_analysis, "no consent was given: nothing of the person is analysed")
                    : options.source ? analyse_video(*permit, *options.source, config)
                                     : skipped(step_id::deepfake_analysis, std::string(no_source));
    if (auto written = flow->record_analysis(std::move(analysis)); !written) return std::unexpected(written.error());
    if (auto made = flow->recommend(no_person); !made) return std::unexpected(made.error());
    return flow;
}

template <typename FlowType>
Result<HeadlessResult> finish(Result<FlowType> flow, const std::optional<Decision>& decision) {
    if (!flow) return std::unexpected(flow.error());
    auto finished = flow->finish(decision);
    if (!finished) return std::unexpected(finished.error());
    return HeadlessResult{flow->id(), {flow->outcomes().begin(), flow->outcomes().end()}, *flow->recommendation(),
                          finished->decision, finished->unsealed};
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
    if (options.decision)
        if (auto checked = check_decision(*options.decision); !checked) return std::unexpected(checked.error());
    if (options.workflow == Workflow::handoff) return finish(run_handoff(ledger, config, options), options.decision);
    return finish(run_interview(ledger, config, options), options.decision);
}

}  // namespace kiosk::session
