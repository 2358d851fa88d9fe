#include "session/step.h"

#include <array>

namespace kiosk::session {
namespace {

constexpr std::array handoff_steps{
    StepDescriptor{step_id::host_inspection, "Inspect the laptop for KVM, capture and remote-control hardware", false, false, true},
    StepDescriptor{step_id::camera_authenticity, "Check the camera is a physical sensor, not virtual or capture", false, false,
                   false},
    StepDescriptor{step_id::liveness, "Check the person at the camera is live", true, true, true},
    StepDescriptor{step_id::it_signoff, "IT signs off the handoff", true, false, false},
};

constexpr std::array interview_steps{
    StepDescriptor{step_id::source_authenticity, "Check the video source is what it claims to be", false, false, false},
    StepDescriptor{step_id::camera_authenticity, "Check the camera is a physical sensor, not virtual or capture", false, false,
                   true},
    StepDescriptor{step_id::consent, "Record the candidate's consent to the analysis", true, false, false},
    StepDescriptor{step_id::deepfake_analysis, "Score the video for face manipulation and injection", false, true, true},
    StepDescriptor{step_id::challenges, "Active challenges: profile turn, hand over face, follow the dot, colour flash", true, true,
                   true},
    StepDescriptor{step_id::recruiter_decision, "The recruiter decides", true, false, false},
};

}  // namespace

std::string_view to_string(Workflow workflow) { return workflow == Workflow::handoff ? "handoff" : "interview"; }

std::optional<Workflow> parse_workflow(std::string_view text) {
    if (text == "handoff") return Workflow::handoff;
    if (text == "interview") return Workflow::interview;
    return std::nullopt;
}

std::span<const StepDescriptor> steps(Workflow workflow) {
    if (workflow == Workflow::handoff) return handoff_steps;
    return interview_steps;
}

nlohmann::json to_json(const Check& check) {
    nlohmann::json json = {{"id", check.id}, {"version", check.version}, {"value", check.value}, {"unit", check.unit}};
    json["threshold"] = check.threshold ? nlohmann::json(*check.threshold) : nlohmann::json(nullptr);
    json["finding"] = check.finding ? to_json(*check.finding) : nlohmann::json(nullptr);
    return json;
}

nlohmann::json to_json(const StepOutcome& outcome) {
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& finding : outcome.findings) findings.push_back(to_json(finding));
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& check : outcome.checks) checks.push_back(to_json(check));
    nlohmann::json json = {{"step", outcome.step},
                           {"status", outcome.status == StepStatus::ran ? "ran" : "skipped"},
                           {"reason", outcome.reason},
                           {"checks", checks},
                           {"findings", findings}};
    json["score"] = outcome.score ? nlohmann::json(*outcome.score) : nlohmann::json(nullptr);
    if (outcome.score) json["score_cleared"] = outcome.score_cleared;
    return json;
}

}  // namespace kiosk::session
