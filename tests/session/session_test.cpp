#include <doctest/doctest.h>

#include "ledger/record.h"
#include "ledger/verify.h"
#include "session/analysis_record.h"
#include "session/session.h"
#include "session/verdict.h"
#include "session_support.h"

using namespace kiosk;
using namespace kiosk::session;

namespace {

struct Fixture {
    test::TempDir dir;
    ledger::Ledger ledger = test::scratch_ledger(dir.path(), "kiosk-s");
    Session start(Workflow workflow = Workflow::interview) {
        return std::move(Session::start(ledger, {workflow, "op-1", "cand-1", {{"binary", "sha256:test"}}}).value());
    }
};

Finding finding(Severity severity) { return {"test.rule", "kvm", severity, "a test finding", "usb 1-1", {}}; }

StepOutcome ran(std::string step, std::vector<Finding> findings = {}, std::optional<double> score = std::nullopt) {
    StepOutcome outcome;
    outcome.step = std::move(step);
    outcome.status = StepStatus::ran;
    outcome.reason = "ran";
    outcome.checks.push_back({outcome.step + ".measured", "test", true, std::nullopt, "bool", std::nullopt});
    outcome.findings = std::move(findings);
    outcome.score = score;
    outcome.score_cleared = score && *score < 0.2;
    return outcome;
}

// Every step a pass needs, run and clean (a cleared score for the analysis), with `changed` put in
// place of the step of the same id (or added).
std::vector<StepOutcome> evidence(Workflow workflow, std::vector<StepOutcome> changed = {}) {
    std::vector<StepOutcome> outcomes;
    for (const auto& step : steps(workflow))
        if (step.pass_needs)
            outcomes.push_back(step.id == "deepfake_analysis" ? ran("deepfake_analysis", {}, 0.1) : ran(std::string(step.id)));
    for (auto& outcome : changed) {
        auto same = std::ranges::find(outcomes, outcome.step, &StepOutcome::step);
        if (same != outcomes.end()) *same = std::move(outcome);
        else outcomes.push_back(std::move(outcome));
    }
    return outcomes;
}

}  // namespace

TEST_CASE("session: analysis of the person is refused until consent is recorded") {
    Fixture f;
    auto session = f.start();
    auto permit = session.consent();
    REQUIRE_FALSE(permit.has_value());
    CHECK(permit.error().message.find("no consent") != std::string::npos);
    CHECK_FALSE(session.record_step(ran("deepfake_analysis")).has_value());
    CHECK_FALSE(session.record_challenge("profile_turn", "passed", {}).has_value());
    REQUIRE(session.record_consent("the notice", "cand-1").has_value());
    REQUIRE(session.consent().has_value());
    CHECK(session.record_step(ran("deepfake_analysis", {}, 0.1)).has_value());
    auto records = f.ledger.session_records(session.id()).value();
    auto consent = ledger::parse_record_line(records[1].line).value();
    CHECK(consent.type == "session.consent");
    CHECK(consent.body["notice_sha256"] == ledger::to_hex(ledger::sha256("the notice")));
    CHECK(consent.body["given_by"] == "cand-1");
}

TEST_CASE("session: the policy maps findings, scores and skipped steps to pass, review and fail") {
    Policy policy;
    const auto handoff = Workflow::handoff, interview = Workflow::interview;
    CHECK(policy.judge(handoff, evidence(handoff)).verdict == Verdict::pass);
    CHECK(policy.judge(interview, evidence(interview)).verdict == Verdict::pass);
    CHECK(policy.judge(handoff, evidence(handoff, {ran("host_inspection", {finding(Severity::low)})})).verdict == Verdict::pass);
    CHECK(policy.judge(handoff, evidence(handoff, {ran("host_inspection", {finding(Severity::medium)})})).verdict ==
          Verdict::review);
    auto failed = policy.judge(handoff, evidence(handoff, {ran("host_inspection", {finding(Severity::high)})}));
    CHECK(failed.verdict == Verdict::fail);
    CHECK(failed.reasons.front().find("a test finding") != std::string::npos);
    CHECK(policy.judge(interview, evidence(interview, {ran("deepfake_analysis", {}, 0.6)})).verdict == Verdict::review);
    CHECK(policy.judge(interview, evidence(interview, {ran("deepfake_analysis", {}, 0.15)})).verdict == Verdict::pass);
    StepOutcome skipped_step;
    skipped_step.step = "source_authenticity";  // a step a pass does not need
    skipped_step.reason = "no source";
    CHECK(policy.judge(interview, evidence(interview, {skipped_step})).verdict == Verdict::review);
    policy.skipped_means_review = false;
    CHECK(policy.judge(interview, evidence(interview, {skipped_step})).verdict == Verdict::pass);
}

TEST_CASE("session: a pass needs positive evidence from every step the workflow names, whatever the settings") {
    Policy policy;
    policy.skipped_means_review = false;  // even so, a missing challenge or analysis never passes
    const auto interview = Workflow::interview;
    auto reasons = [&](std::vector<StepOutcome> outcomes) {
        auto judged = policy.judge(interview, outcomes);
        CHECK(judged.verdict == Verdict::review);
        std::string all;
        for (const auto& reason : judged.reasons) all += reason + "\n";
        return all;
    };
    auto no_challenges = evidence(interview);
    std::erase_if(no_challenges, [](const StepOutcome& o) { return o.step == "challenges"; });
    CHECK(reasons(no_challenges).find("challenges never ran") != std::string::npos);
    StepOutcome skipped_challenges;
    skipped_challenges.step = "challenges";
    skipped_challenges.reason = "needs a person at the kiosk";
    CHECK(reasons(evidence(interview, {skipped_challenges})).find("challenges did not run: needs a person") !=
          std::string::npos);
    auto empty_challenges = ran("challenges");
    empty_challenges.checks.clear();
    CHECK(reasons(evidence(interview, {empty_challenges})).find("challenges measured nothing") != std::string::npos);
    auto not_cleared = ran("deepfake_analysis", {}, 0.3);  // below score_review, outside the cleared region
    CHECK(reasons(evidence(interview, {not_cleared})).find("cannot clear this face on its own") != std::string::npos);
    auto no_camera = evidence(interview);
    std::erase_if(no_camera, [](const StepOutcome& o) { return o.step == "camera_authenticity"; });
    CHECK(reasons(no_camera).find("camera_authenticity never ran") != std::string::npos);
    auto no_liveness = evidence(Workflow::handoff);
    std::erase_if(no_liveness, [](const StepOutcome& o) { return o.step == "liveness"; });
    CHECK(policy.judge(Workflow::handoff, no_liveness).verdict == Verdict::review);
}

TEST_CASE("session: a fail-level manipulation score fails only with other manipulation evidence in the session") {
    Policy policy;
    const auto interview = Workflow::interview;
    const Finding injection{"injection.stream_signal", "injection", Severity::medium, "frames repeat", "cam", {}};
    const Finding challenge{"challenge.turn_left", "deepfake", Severity::medium, "Challenge not passed", "cam", {}};
    const Finding no_face{"vision.no_usable_face", "deepfake", Severity::medium, "Too few frames", "cam", {}};
    auto judge = [&](std::vector<StepOutcome> changed) { return policy.judge(interview, evidence(interview, changed)); };
    auto alone = judge({ran("deepfake_analysis", {}, 0.85)});
    CHECK(alone.verdict == Verdict::review);
    REQUIRE(alone.reasons.size() == 1);
    CHECK(alone.reasons.front().find("nothing else in the session shows manipulation") != std::string::npos);
    CHECK(judge({ran("deepfake_analysis", {injection}, 0.85)}).verdict == Verdict::fail);
    CHECK(judge({ran("deepfake_analysis", {}, 0.85), ran("challenges", {challenge})}).verdict == Verdict::fail);
    // A challenge corroborates because the session's challenges step found it, not by its name: the
    // same rule id in another step (a site rule, say) does not.
    CHECK(judge({ran("deepfake_analysis", {}, 0.85), ran("host_inspection", {challenge})}).verdict == Verdict::review);
    // Missing evidence and unrelated findings do not corroborate; neither does injection below review_at.
    CHECK(judge({ran("deepfake_analysis", {no_face}, 0.85)}).verdict == Verdict::review);
    CHECK(judge({ran("deepfake_analysis", {}, 0.85), ran("host_inspection", {finding(Severity::medium)})}).verdict ==
          Verdict::review);
    auto weak = injection;
    weak.severity = Severity::low;
    CHECK(judge({ran("deepfake_analysis", {weak}, 0.85)}).verdict == Verdict::review);
    // A challenge that passed leaves no finding, so it corroborates nothing; a score below score_fail
    // never fails, corroborated or not.
    CHECK(judge({ran("deepfake_analysis", {injection}, 0.6)}).verdict == Verdict::review);
    policy.score_alone_can_fail = true;
    CHECK(judge({ran("deepfake_analysis", {}, 0.85)}).verdict == Verdict::fail);
    auto configured = Config::parse("[policy]\nscore_alone_can_fail = true\n", "site.toml");
    REQUIRE(configured.has_value());
    CHECK(Policy::from(*configured)->score_alone_can_fail);
    CHECK_FALSE(Policy::from(Config::defaults())->score_alone_can_fail);
}

TEST_CASE("session: judge_evidence is judge without the workflow's other steps — what kiosk analyze uses") {
    Policy policy;
    auto analysis = ran("deepfake_analysis", {}, 0.05);  // cleared (ran() clears scores below 0.2)
    CHECK(policy.judge_evidence({&analysis, 1}).verdict == Verdict::pass);
    CHECK(policy.judge(Workflow::interview, {&analysis, 1}).verdict == Verdict::review);  // challenges never ran
    analysis.score_cleared = false;
    auto uncleared = policy.judge_evidence({&analysis, 1});
    CHECK(uncleared.verdict == Verdict::review);
    REQUIRE(uncleared.reasons.size() == 1);
    CHECK(uncleared.reasons.front().find("cannot clear this face on its own") != std::string::npos);
    auto high = ran("deepfake_analysis", {}, 0.5);
    high.score_cleared = true;  // a clear region reaching past score_review still reviews
    CHECK(policy.judge_evidence({&high, 1}).verdict == Verdict::review);
}

TEST_CASE("session: the analysis step carries vision's evidence; another identity showing through is review") {
    vision::Assessment assessment;
    assessment.frames = assessment.frames_with_face = assessment.frames_scored = 90;
    assessment.score = 0.001;
    assessment.cleared = true;
    assessment.identity_jumped = true;
    assessment.signals.push_back({"identity.jump", 0.7, 1.0, "another identity showed through"});
    AnalysisSetup setup;
    auto outcome = analysis_outcome(assessment, setup, "clip.mp4");
    const auto judged = setup.policy.judge_evidence({&outcome, 1});
    CHECK(judged.verdict == Verdict::review);
    REQUIRE(judged.reasons.size() == 1);
    CHECK(judged.reasons.front().find("Another identity showed through the face") != std::string::npos);
    assessment.identity_jumped = false;
    outcome = analysis_outcome(assessment, setup, "clip.mp4");
    CHECK(setup.policy.judge_evidence({&outcome, 1}).verdict == Verdict::pass);
}

// Nonsense in [policy] never gets this far: the config refuses it at load (tests/core/config_spec_test.cpp).
TEST_CASE("session: the policy comes from [policy]") {
    auto good = Policy::from(Config::defaults());
    REQUIRE(good.has_value());
    CHECK(good->fail_at == Severity::high);
    auto site = Config::parse("[policy]\nfail_at = \"critical\"\nscore_review = 0.4\n", "site.toml");
    REQUIRE(site.has_value());
    auto policy = Policy::from(*site);
    REQUIRE(policy.has_value());
    CHECK(policy->fail_at == Severity::critical);
    CHECK(policy->review_at == Severity::medium);
    CHECK(policy->score_review == doctest::Approx(0.4));
}

TEST_CASE("session: recommendation and human decision are separate records — an override needs a reason") {
    Fixture f;
    auto session = f.start(Workflow::handoff);
    CHECK_FALSE(session.decide({Decision::Kind::confirm, std::nullopt, "it-1", ""}).has_value());
    REQUIRE(session.record_step(ran("host_inspection", {finding(Severity::high)})).has_value());
    auto recommendation = session.recommend(Policy{});
    REQUIRE(recommendation.has_value());
    CHECK(recommendation->verdict == Verdict::fail);
    CHECK_FALSE(session.decide({Decision::Kind::override, Verdict::pass, "it-1", ""}).has_value());
    CHECK_FALSE(session.decide({Decision::Kind::confirm, Verdict::pass, "it-1", ""}).has_value());
    auto decided = session.decide({Decision::Kind::override, Verdict::review, "it-1", "the KVM is the lab's own"});
    REQUIRE(decided.has_value());
    CHECK(*decided == Verdict::review);
    REQUIRE(session.end().has_value());
    auto records = f.ledger.session_records(session.id()).value();
    std::vector<std::string> types;
    for (const auto& record : records) types.push_back(record.type);
    CHECK(std::find(types.begin(), types.end(), "session.recommendation") < std::find(types.begin(), types.end(), "session.decision"));
    auto recommended = ledger::parse_record_line(records[records.size() - 3].line).value();
    CHECK(recommended.type == "session.recommendation");
    CHECK(recommended.body["policy"]["score_alone_can_fail"] == false);  // the record says which policy judged
    auto decision = ledger::parse_record_line(records[records.size() - 2].line).value();
    CHECK(decision.type == "session.decision");
    CHECK(decision.body["by"] == "it-1");
    CHECK(decision.body["recommendation"] == "fail");
    CHECK(decision.body["verdict"] == "review");
    CHECK(decision.body["reason"] == "the KVM is the lab's own");
    auto summary = f.ledger.session(session.id()).value().value();
    CHECK(summary.recommendation == "fail");
    CHECK(summary.decision == "review");
    CHECK(summary.status == ledger::SessionStatus::complete);
}

TEST_CASE("session: records are written as they happen — a session that stops early is incomplete") {
    Fixture f;
    std::string id;
    {
        auto session = f.start(Workflow::handoff);
        id = session.id();
        REQUIRE(session.record_step(ran("host_inspection")).has_value());
        CHECK(f.ledger.session_records(id)->size() == 3);  // start, the step and its check, before any end
    }
    auto summary = f.ledger.session(id).value().value();
    CHECK(summary.status == ledger::SessionStatus::incomplete);
    CHECK(ledger::verify_ledger(f.ledger).ok);
}

TEST_CASE("session: ending twice writes one session.end — the retry after an error is safe") {
    Fixture f;
    auto session = f.start(Workflow::handoff);
    REQUIRE(session.end().has_value());
    const auto records = f.ledger.session_records(session.id())->size();
    CHECK(session.end().has_value());  // nothing left to do: no second end, no error
    CHECK(f.ledger.session_records(session.id())->size() == records);
    CHECK(f.ledger.records_of_type(ledger::record_type::session_end)->size() == 1);
    CHECK_FALSE(session.record_step(ran("host_inspection")).has_value());  // an ended session takes no records
}

TEST_CASE("session: a skipped step needs its reason, steps belong to their workflow") {
    Fixture f;
    auto session = f.start(Workflow::handoff);
    StepOutcome silent;
    silent.step = "liveness";
    CHECK_FALSE(session.record_step(silent).has_value());
    CHECK_FALSE(session.record_step(ran("deepfake_analysis")).has_value());  // an interview step
    CHECK_FALSE(Session::start(f.ledger, {Workflow::handoff, "", "cand", {}}).has_value());
}

TEST_CASE("session: no images, video or face templates reach the ledger") {
    Fixture f;
    auto session = f.start();
    REQUIRE(session.record_consent("notice", "cand-1").has_value());
    auto with = [&](nlohmann::json value) {
        StepOutcome outcome = ran("deepfake_analysis");
        outcome.checks.push_back({"vision.x", "1", std::move(value), std::nullopt, "", std::nullopt});
        return session.record_step(outcome);
    };
    CHECK_FALSE(with({{"embedding", {0.1, 0.2}}}).has_value());
    CHECK_FALSE(with({{"Landmarks", {1, 2}}}).has_value());
    CHECK_FALSE(with({{"image", "iVBORw0KGgo"}}).has_value());
    CHECK_FALSE(with(std::string(10000, 'A')).has_value());  // an encoded picture by another name
    CHECK(with({{"frames", 120}, {"frame_rate", 30}}).has_value());
    CHECK_FALSE(session.record_fingerprint({{"face_descriptor", {1, 2, 3}}}).has_value());
}
