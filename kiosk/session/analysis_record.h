// The deepfake analysis as the kiosk runs and records it, whoever drives the frames: the headless
// step (`kiosk session run`) and the interview screen's live pipeline set the analyser up the same
// way and turn its assessment into the same deepfake_analysis step.
#pragma once
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/result.h"
#include "session/step.h"
#include "session/verdict.h"
#include "vision/analyzer.h"

namespace kiosk::session {

struct AnalysisSetup {
    vision::AnalyzerOptions options;  // [vision]'s face limits
    std::string model_version;        // "sha256:<hex>" of the swap detector, recorded with every check
    Policy policy;                    // [policy]: judges the step (Policy::judge_evidence)
};

// The analyser measures; `policy` ([policy]) judges the step it makes, so `kiosk analyze`, the live
// view and the session's recommendation reach one verdict. The landmark model and the fewest
// scorable face frames come from [vision]. `source` (media::open_source's spec) says whether the
// stream is live, for media's stream signals; `nominal_fps` is its frame rate (0 when unsaid).
Result<AnalysisSetup> analysis_setup(const Config& config, const std::string& source, double nominal_fps);

// The deepfake_analysis step from an assessment: the score (threshold: the policy's fail score), the
// frames scored (threshold: the fewest that can be scored), each signal against its suspicious bound,
// media's stream suspicions, and "no usable face" when too few frames could be scored.
StepOutcome analysis_outcome(const vision::Assessment& assessment, const AnalysisSetup& setup, std::string_view source);

}  // namespace kiosk::session
