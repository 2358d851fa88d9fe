// The device handoff as one flow: the machine inspected as it is now (with its salted device
// fingerprint and the camera judgement), inspected again whenever it changes while the session is
// open, the person's liveness check, the recommendation, IT's sign-off. The handoff screen posts
// these calls to its worker; `kiosk session run` makes them in a row, answering "no person present"
// where the flow needs a human.
#pragma once
#include <optional>
#include <string>

#include "core/config.h"
#include "ledger/ledger.h"
#include "session/flow.h"

namespace kiosk::session {

struct HandoffStart {
    std::string operator_name;
    std::string subject;
    std::optional<std::string> root;  // --root: a fixture tree or an offline image ("/" when unset)
};

class HandoffFlow : public Flow {
public:
    // Starts the session and records the inspection, the device fingerprint and the camera judgement.
    static Result<HandoffFlow> start(ledger::Ledger& ledger, const Config& config, const HandoffStart& start);

    // The machine changed after the inspection (`what`: the hot-plug event or tree change): it is
    // inspected and fingerprinted again into the open session, and a recommendation already made is
    // made again over every step, so a KVM plugged in before the sign-off weighs on it.
    Result<void> reinspect(std::string_view what);
    // The person's consent before the liveness check reads them, and the permit it needs.
    Result<ConsentPermit> give_consent(std::string_view notice, std::string_view given_by);
    // The liveness check's outcome (measured or skipped with the reason), then the recommendation.
    Result<Recommendation> record_liveness(StepOutcome liveness);

private:
    HandoffFlow(Session session, Policy policy, Config config, std::optional<std::string> root, std::string salt) :
        Flow(std::move(session), policy), config_(std::move(config)), root_(std::move(root)), salt_(std::move(salt)) {}
    // The machine as it is now: the inspection step (its reason prefixed with `why`) and the fingerprint.
    Result<void> inspect(std::string_view why);

    Config config_;
    std::optional<std::string> root_;
    std::string salt_;  // the kiosk's, the same for every session: correlate matches devices across hires
};

}  // namespace kiosk::session
