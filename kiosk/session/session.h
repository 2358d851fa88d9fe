// One verification session, written to the ledger as it happens: start, consent, each step,
// fingerprint, the automated recommendation, the human decision (apart), end. A session whose
// process dies before end() shows as incomplete in the ledger.
//
//   auto session = Session::start(ledger, {Workflow::interview, "op-17", "cand-123", provenance});
//   session->record_consent(notice_text, "cand-123");
//   auto permit = session->consent();             // analysis needs this; refused without consent
//   session->record_step(analyse(*permit, ...));
//   session->recommend(policy); session->decide({...}); session->end();
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "ledger/ledger.h"
#include "session/step.h"
#include "session/verdict.h"

namespace kiosk::session {

// Proof that consent was recorded in this session; analysis functions take one, and only
// Session::consent() makes one.
class ConsentPermit {
public:
    const std::string& session() const { return session_; }
    std::uint64_t consent_seq() const { return seq_; }

private:
    friend class Session;
    ConsentPermit(std::string session, std::uint64_t seq) : session_(std::move(session)), seq_(seq) {}
    std::string session_;
    std::uint64_t seq_;
};

struct StartInfo {
    Workflow workflow = Workflow::handoff;
    std::string operator_name;  // pseudonym of the recruiter or IT person
    std::string subject;        // reference in the HR system (no names)
    nlohmann::json provenance = nlohmann::json::object();  // binary, config, rules, model hashes
};

struct Decision {
    enum class Kind { confirm, override };
    Kind kind = Kind::confirm;
    std::optional<Verdict> verdict;  // the human's verdict; required for override
    std::string by;
    std::string reason;              // required for override
};

std::optional<Decision::Kind> parse_decision_kind(std::string_view text);
// What every taker of a decision checks before any work: an override needs a verdict and a reason.
Result<void> check_decision(const Decision& decision);

class Session {
public:
    static Result<Session> start(ledger::Ledger& ledger, StartInfo info);

    const std::string& id() const { return id_; }
    Workflow workflow() const { return info_.workflow; }
    std::span<const StepOutcome> outcomes() const { return outcomes_; }
    const std::optional<Recommendation>& recommendation() const { return recommendation_; }

    // Records the notice text's SHA-256, who consented and when.
    Result<void> record_consent(std::string_view notice_text, std::string_view given_by);
    // A permit to analyse frames, or an error when no consent was recorded.
    Result<ConsentPermit> consent() const;

    // Writes the step record and one check.result record per check.
    Result<void> record_step(StepOutcome outcome);
    Result<void> record_challenge(std::string_view challenge, std::string_view outcome, const nlohmann::json& detail);
    // WATCH's salted fingerprint of what this session saw (host::session_fingerprint).
    Result<void> record_fingerprint(const nlohmann::json& fingerprint);

    // The automated recommendation from the policy over every step so far.
    Result<Recommendation> recommend(const Policy& policy);
    // The human decision; an override needs a verdict and a reason. Needs a recommendation first.
    Result<Verdict> decide(const Decision& decision);
    // Ends the session and signs a checkpoint through the ledger. An ErrorKind::unsealed error means
    // the session is stored complete but no checkpoint covers it yet; calling end() again only
    // retries that checkpoint, so a retry never writes a second session.end.
    Result<void> end(std::string_view outcome = "completed");

private:
    Session(ledger::Ledger& ledger, std::string id, StartInfo info) :
        ledger_(&ledger), id_(std::move(id)), info_(std::move(info)) {}
    Result<std::uint64_t> write(std::string_view type, const nlohmann::json& body);
    // Appends the records; an error says what of the session the ledger keeps.
    Result<std::uint64_t> commit(std::span<const ledger::NewRecord> records);
    // The house rules every record body passes before it reaches the ledger.
    Result<ledger::NewRecord> admit(std::string_view type, nlohmann::json body) const;

    ledger::Ledger* ledger_;
    std::string id_;
    StartInfo info_;
    std::optional<std::uint64_t> consent_seq_;
    std::vector<StepOutcome> outcomes_;
    std::optional<Recommendation> recommendation_;
    bool ended_ = false;
    bool started_ = false;                // session.start is in the ledger
    std::optional<Error> unsealed_;       // the last append's checkpoint failed (Appended::unsealed)
};

}  // namespace kiosk::session
