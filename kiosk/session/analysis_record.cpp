#include "session/analysis_record.h"

#include <algorithm>

#include "ledger/digest.h"
#include "media/source_spec.h"
#include "media/stream_signals.h"
#include "session/verdict.h"

namespace kiosk::session {

Result<AnalysisSetup> analysis_setup(const Config& config, const std::string& source, double nominal_fps) {
    auto policy = Policy::from(config);
    if (!policy) return std::unexpected(policy.error());
    auto card = vision::SwapDetector::builtin_card();
    if (!card) return fail("the swap detector's card did not load: " + card.error().message);
    AnalysisSetup setup;
    setup.policy = *policy;
    setup.model_version = "sha256:" + card->sha256;
    setup.options.min_face_frames = static_cast<int>(config.integer("vision.min_face_frames"));
    setup.options.tracker.landmarks_model = config.string("vision.landmarks_model");
    if (nominal_fps > 0) setup.options.nominal_fps = nominal_fps;
    const auto spec = media::parse_source_spec(source);
    setup.options.stream = {spec && media::is_live(spec->kind), nominal_fps};
    return setup;
}

StepOutcome analysis_outcome(const vision::Assessment& assessment, const AnalysisSetup& setup, std::string_view source) {
    const auto& version = setup.model_version;
    const auto& options = setup.options;
    StepOutcome outcome;
    outcome.step = step_id::deepfake_analysis;
    outcome.status = StepStatus::ran;
    outcome.reason = assessment.reason;
    outcome.score = assessment.score;
    outcome.score_cleared = assessment.cleared;
    outcome.checks.push_back({"vision.assessment.score", version, assessment.score, setup.policy.score_fail, "0..1", std::nullopt});
    outcome.checks.push_back({"vision.frames_scored", version, assessment.frames_scored, options.min_face_frames, "frames",
                              std::nullopt});
    for (const auto& signal : assessment.signals) {
        std::optional<double> threshold;
        std::string unit;
        if (const auto* descriptor = media::StreamSignals::find(signal.id)) {
            threshold = descriptor->suspicious_above ? descriptor->suspicious_above : descriptor->suspicious_below;
            unit = std::string(descriptor->unit);
        }
        outcome.checks.push_back({signal.id, version, signal.value, threshold, unit, std::nullopt});
    }
    for (const auto& suspicion : assessment.stream_suspicions)
        outcome.findings.push_back({"injection.stream_signal", "injection", Severity::medium, suspicion, std::string(source),
                                    nlohmann::json::object()});
    if (assessment.identity_jumped) {
        const auto jump = std::ranges::find(assessment.signals, "identity.jump", &media::Signal::id);
        outcome.findings.push_back({"vision.identity_jump", "deepfake", Severity::medium,
                                    "Another identity showed through the face", std::string(source),
                                    {{"distance", jump->value}, {"threshold", vision::identity_jump_threshold},
                                     {"explanation", jump->explanation}}});
    }
    if (assessment.frames_scored < options.min_face_frames)
        outcome.findings.push_back({"vision.no_usable_face", "deepfake", Severity::medium,
                                    "Too few frames with a usable face to score the video", std::string(source),
                                    {{"frames_scored", assessment.frames_scored},
                                     {"frames_with_face", assessment.frames_with_face},
                                     {"frames", assessment.frames}}});
    return outcome;
}

}  // namespace kiosk::session
