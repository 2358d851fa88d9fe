// The workflows as steps. Each step either ran (with its checks and findings) or was skipped with
// the reason; a step is never silently passed.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"

namespace kiosk::session {

enum class Workflow { handoff, interview };

std::string_view to_string(Workflow workflow);
std::optional<Workflow> parse_workflow(std::string_view text);

// Every step's id, named once: the step list, the runners, the UI and the policy use these.
namespace step_id {
inline constexpr std::string_view host_inspection = "host_inspection";
inline constexpr std::string_view camera_authenticity = "camera_authenticity";
inline constexpr std::string_view liveness = "liveness";
inline constexpr std::string_view it_signoff = "it_signoff";
inline constexpr std::string_view source_authenticity = "source_authenticity";
inline constexpr std::string_view consent = "consent";
inline constexpr std::string_view deepfake_analysis = "deepfake_analysis";
inline constexpr std::string_view challenges = "challenges";
inline constexpr std::string_view recruiter_decision = "recruiter_decision";
}  // namespace step_id

struct StepDescriptor {
    std::string_view id;     // e.g. "host_inspection"
    std::string_view title;  // plain language, for the UI and reports
    bool needs_person;       // cannot run unattended (headless)
    bool needs_consent;      // analyses the person: refused before consent
    bool pass_needs;         // a pass needs this step to have run and measured something (positive evidence)
};

// The one list of steps of each workflow, in the order they run.
std::span<const StepDescriptor> steps(Workflow workflow);

// One measured check, as the ledger records it.
struct Check {
    std::string id;                    // stable, e.g. "vision.assessment.score"
    std::string version;               // implementation version or content hash
    nlohmann::json value;              // number, string or bool, in `unit`
    std::optional<double> threshold;   // the value at which it fires, when it has one
    std::string unit;
    std::optional<Finding> finding;    // what fired, if anything
};

nlohmann::json to_json(const Check& check);

enum class StepStatus { ran, skipped };

struct StepOutcome {
    std::string step;                  // StepDescriptor::id
    StepStatus status = StepStatus::skipped;
    std::string reason;                // why it was skipped, or what it concluded
    std::vector<Check> checks;
    std::vector<Finding> findings;
    std::optional<double> score;       // manipulation score 0..1 (1 = certainly manipulated), when measured
    bool score_cleared = false;        // the score is inside the model's validated clear region
};

nlohmann::json to_json(const StepOutcome& outcome);

}  // namespace kiosk::session
