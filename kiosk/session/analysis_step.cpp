#include "ledger/digest.h"
#include "media/frame_source.h"
#include "media/stream_signals.h"
#include "session/step_runners.h"
#include "vision/analyzer.h"

namespace kiosk::session {
namespace {

// A headless analysis looks at the first minute of video at most.
constexpr std::int64_t max_frames = 1800;

}  // namespace

StepOutcome analyse_video(const ConsentPermit& permit, const std::string& source, const Policy& policy) {
    (void)permit;  // its existence is the point: no permit, no analysis
    auto model = vision::builtin_model();
    if (!model) return skipped("deepfake_analysis", "the fusion model did not load: " + model.error().message);
    const std::string model_hash = "sha256:" + ledger::to_hex(ledger::sha256(model->to_json()));
    try {
        auto opened = media::open_source(source);
        if (!opened) return skipped("deepfake_analysis", "the source did not open: " + opened.error().message);
        vision::AnalyzerOptions options;
        options.model = *model;
        options.review_threshold = policy.score_review;
        options.fail_threshold = policy.score_fail;
        if ((*opened)->nominal_fps() > 0) options.nominal_fps = (*opened)->nominal_fps();
        options.stream.nominal_fps = (*opened)->nominal_fps();
        auto analyzer = vision::Analyzer::create(options);
        if (!analyzer) return skipped("deepfake_analysis", "the analyser did not start: " + analyzer.error().message);
        for (std::int64_t n = 0; n < max_frames; ++n) {
            auto frame = (*opened)->next();
            if (!frame) return skipped("deepfake_analysis", "the stream broke: " + frame.error().message);
            if (!*frame) break;
            analyzer->process(**frame);
        }
        const auto assessment = analyzer->assessment();
        StepOutcome outcome;
        outcome.step = "deepfake_analysis";
        outcome.status = StepStatus::ran;
        outcome.reason = assessment.reason;
        outcome.score = assessment.score;
        outcome.checks.push_back({"vision.assessment.score", model_hash, assessment.score, policy.score_fail, "0..1", std::nullopt});
        outcome.checks.push_back({"vision.frames_scored", model_hash, assessment.frames_scored, options.min_face_frames,
                                  "frames", std::nullopt});
        for (const auto& signal : assessment.signals) {
            std::optional<double> threshold;
            std::string unit;
            if (const auto* descriptor = media::StreamSignals::find(signal.id)) {
                threshold = descriptor->suspicious_above ? descriptor->suspicious_above : descriptor->suspicious_below;
                unit = std::string(descriptor->unit);
            }
            outcome.checks.push_back({signal.id, model_hash, signal.value, threshold, unit, std::nullopt});
        }
        for (const auto& suspicion : assessment.stream_suspicions)
            outcome.findings.push_back({"injection.stream_signal", "injection", Severity::medium, suspicion, source,
                                        nlohmann::json::object()});
        if (assessment.frames_scored < options.min_face_frames)
            outcome.findings.push_back({"vision.no_usable_face", "deepfake", Severity::medium,
                                        "Too few frames with a usable face to score the video", source,
                                        {{"frames_scored", assessment.frames_scored}, {"frames", assessment.frames}}});
        return outcome;
    } catch (const std::exception& error) {
        return skipped("deepfake_analysis", std::string("the analysis failed: ") + error.what());
    }
}

}  // namespace kiosk::session
