#include "session/session.h"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "core/json_text.h"
#include "ledger/digest.h"
#include "ledger/record.h"

namespace kiosk::session {
namespace {

// Keys whose values would be pictures, video or face templates, and strings long enough to carry
// one encoded: the ledger refuses them (privacy by default; evidence an operator turns on for a
// session lives outside the ledger, which keeps only salted commitments to it).
constexpr std::array<std::string_view, 14> biometric_keys{
    "image", "images", "frame_data", "pixels", "video", "jpeg", "png", "thumbnail",
    "embedding", "embeddings", "face_descriptor", "landmarks", "face_chip", "face_template"};
constexpr std::size_t max_string_bytes = 4096;
constexpr std::size_t max_body_bytes = 64 * 1024;

std::optional<std::string> biometric_content(const nlohmann::json& json) {
    if (json.is_object()) {
        for (const auto& [key, value] : json.items()) {
            std::string lower = key;
            std::transform(lower.begin(), lower.end(), lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (std::find(biometric_keys.begin(), biometric_keys.end(), lower) != biometric_keys.end()) return key;
            if (auto found = biometric_content(value)) return found;
        }
    } else if (json.is_array()) {
        for (const auto& value : json)
            if (auto found = biometric_content(value)) return found;
    } else if (json.is_string() && json.get_ref<const std::string&>().size() > max_string_bytes) {
        return "a string of " + std::to_string(json.get_ref<const std::string&>().size()) + " bytes";
    }
    return std::nullopt;
}

std::string new_session_id() {
    unsigned char bytes[8];
    randombytes_buf(bytes, sizeof bytes);
    return "s-" + ledger::to_hex(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

const StepDescriptor* find_step(Workflow workflow, std::string_view id) {
    for (const auto& step : steps(workflow))
        if (step.id == id) return &step;
    return nullptr;
}

}  // namespace

std::optional<Decision::Kind> parse_decision_kind(std::string_view text) {
    if (text == "confirm") return Decision::Kind::confirm;
    if (text == "override") return Decision::Kind::override;
    return std::nullopt;
}

Result<void> check_decision(const Decision& decision) {
    if (decision.kind == Decision::Kind::override && !decision.verdict)
        return fail("an override needs the verdict it sets (pass, review or fail)");
    if (decision.kind == Decision::Kind::override && decision.reason.empty()) return fail("an override needs a reason");
    return {};
}

Result<Session> Session::start(ledger::Ledger& ledger, StartInfo info) {
    if (info.operator_name.empty()) return fail("a session needs an operator");
    if (info.subject.empty()) return fail("a session needs a subject reference");
    if (sodium_init() < 0) return fail("libsodium could not initialise");
    Session session(ledger, new_session_id(), std::move(info));
    nlohmann::json planned = nlohmann::json::array();
    for (const auto& step : steps(session.info_.workflow)) planned.push_back(step.id);
    auto written = session.write(ledger::record_type::session_start,
                                 {{"workflow", to_string(session.info_.workflow)},
                                  {"operator", session.info_.operator_name},
                                  {"subject", session.info_.subject},
                                  {"steps", planned},
                                  {"provenance", session.info_.provenance}});
    if (!written) return std::unexpected(written.error());
    return session;
}

Result<ledger::NewRecord> Session::admit(std::string_view type, nlohmann::json body) const {
    if (ended_) return fail("session " + id_ + " has ended");
    body = with_invalid_utf8_escaped(body);  // a device or file name that is not UTF-8 is recorded escaped
    if (auto key = biometric_content(body))
        return fail("refused to record '" + *key + "': no images, video or face data in the ledger");
    if (body.dump().size() > max_body_bytes) return fail("record body is larger than 64 KiB");
    return ledger::NewRecord{std::string(type), id_, std::move(body)};
}

Result<std::uint64_t> Session::write(std::string_view type, const nlohmann::json& body) {
    auto record = admit(type, body);
    if (!record) return std::unexpected(record.error());
    return commit({&*record, 1});
}

Result<std::uint64_t> Session::commit(std::span<const ledger::NewRecord> records) {
    auto appended = ledger_->append_batch(records);
    if (!appended)
        return fail(appended.error(), started_ ? "session " + id_ + " is kept incomplete, without this record: "
                                               : "no session was started: ");
    started_ = true;
    // Each append retries a failed checkpoint, so the latest append says whether all are sealed.
    unsealed_ = std::move(appended->unsealed);
    return appended->first;
}

Result<void> Session::record_consent(std::string_view notice_text, std::string_view given_by) {
    if (notice_text.empty()) return fail("consent needs the notice text that was shown");
    if (given_by.empty()) return fail("consent needs who gave it");
    auto seq = write(ledger::record_type::consent,
                     {{"notice_sha256", ledger::to_hex(ledger::sha256(notice_text))}, {"given_by", given_by}});
    if (!seq) return std::unexpected(seq.error());
    consent_seq_ = *seq;
    return {};
}

Result<ConsentPermit> Session::consent() const {
    if (!consent_seq_) return fail("no consent recorded in session " + id_ + ": analysis of the person refused");
    return ConsentPermit(id_, *consent_seq_);
}

Result<void> Session::record_step(StepOutcome outcome) {
    const auto* step = find_step(info_.workflow, outcome.step);
    if (!step) return fail("'" + outcome.step + "' is not a step of the " + std::string(to_string(info_.workflow)) + " workflow");
    if (outcome.status == StepStatus::ran && step->needs_consent && !consent_seq_)
        return fail(outcome.step + " analyses the person and cannot have run before consent was recorded");
    if (outcome.status == StepStatus::skipped && outcome.reason.empty())
        return fail(outcome.step + " was skipped without a reason");
    auto body = to_json(outcome);
    body.erase("checks");
    body["checks"] = outcome.checks.size();
    // The step and its checks go in as one transaction: one fsync, and never a step without its checks.
    std::vector<ledger::NewRecord> records;
    auto step_record = admit(ledger::record_type::step, std::move(body));
    if (!step_record) return std::unexpected(step_record.error());
    records.push_back(std::move(*step_record));
    for (const auto& check : outcome.checks) {
        auto check_body = to_json(check);
        check_body["step"] = outcome.step;
        auto check_record = admit(ledger::record_type::check, std::move(check_body));
        if (!check_record) return std::unexpected(check_record.error());
        records.push_back(std::move(*check_record));
    }
    if (auto written = commit(records); !written) return std::unexpected(written.error());
    outcomes_.push_back(std::move(outcome));
    return {};
}

Result<void> Session::record_challenge(std::string_view challenge, std::string_view outcome, const nlohmann::json& detail) {
    if (!consent_seq_) return fail("challenge " + std::string(challenge) + " analyses the person: consent first");
    auto written = write(ledger::record_type::challenge, {{"challenge", challenge}, {"outcome", outcome}, {"detail", detail}});
    if (!written) return std::unexpected(written.error());
    return {};
}

Result<void> Session::record_fingerprint(const nlohmann::json& fingerprint) {
    auto written = write(ledger::record_type::fingerprint, {{"fingerprint", fingerprint}});
    if (!written) return std::unexpected(written.error());
    return {};
}

Result<Recommendation> Session::recommend(const Policy& policy) {
    auto recommendation = policy.judge(info_.workflow, outcomes_);
    auto written = write(ledger::record_type::recommendation,
                         {{"verdict", to_string(recommendation.verdict)},
                          {"reasons", recommendation.reasons},
                          {"automated", true},
                          {"policy", {{"fail_at", to_string(policy.fail_at)},
                                      {"review_at", to_string(policy.review_at)},
                                      {"score_fail", policy.score_fail},
                                      {"score_review", policy.score_review},
                                      {"score_alone_can_fail", policy.score_alone_can_fail},
                                      {"skipped_means_review", policy.skipped_means_review}}}});
    if (!written) return std::unexpected(written.error());
    recommendation_ = recommendation;
    return recommendation;
}

Result<Verdict> Session::decide(const Decision& decision) {
    if (!recommendation_) return fail("the human decision comes after the automated recommendation");
    if (decision.by.empty()) return fail("a decision needs who made it");
    if (auto checked = check_decision(decision); !checked) return std::unexpected(checked.error());
    Verdict verdict = recommendation_->verdict;
    if (decision.kind == Decision::Kind::override) {
        verdict = *decision.verdict;
    } else if (decision.verdict && *decision.verdict != verdict) {
        return fail("a confirmation keeps the recommendation; use override to change it");
    }
    auto written = write(ledger::record_type::decision,
                         {{"kind", decision.kind == Decision::Kind::confirm ? "confirm" : "override"},
                          {"verdict", to_string(verdict)},
                          {"recommendation", to_string(recommendation_->verdict)},
                          {"by", decision.by},
                          {"reason", decision.reason}});
    if (!written) return std::unexpected(written.error());
    return verdict;
}

Result<void> Session::end(std::string_view outcome) {
    if (!ended_) {
        std::size_t ran = 0, skipped = 0;
        for (const auto& step : outcomes_) (step.status == StepStatus::ran ? ran : skipped)++;
        auto written = write(ledger::record_type::session_end,
                             {{"outcome", outcome}, {"steps_ran", ran}, {"steps_skipped", skipped}});
        if (!written) return std::unexpected(written.error());
        ended_ = true;
    } else if (unsealed_) {
        auto signed_now = ledger_->checkpoint();
        if (signed_now) unsealed_.reset();
        else unsealed_ = Error{"the checkpoint still cannot be signed: " + signed_now.error().message +
                                   "; `kiosk ledger checkpoint` signs it once that is fixed"};
    }
    if (unsealed_)
        return fail(ErrorKind::unsealed, "session " + id_ + " is stored complete, but no checkpoint covers it yet: " +
                                             unsealed_->message);
    return {};
}

}  // namespace kiosk::session
