#include "media/frame_source.h"
#include "session/analysis_record.h"
#include "session/source_options.h"
#include "session/step_runners.h"

namespace kiosk::session {
namespace {

// A headless analysis looks at the first minute of video at most.
constexpr std::int64_t max_frames = 1800;

}  // namespace

StepOutcome analyse_video(const ConsentPermit& permit, const std::string& source, const Config& config) {
    (void)permit;  // its existence is the point: no permit, no analysis
    try {
        auto opened = media::open_source(source, source_options(config));
        if (!opened) return skipped(step_id::deepfake_analysis, "the source did not open: " + opened.error().message);
        auto setup = analysis_setup(config, (*opened)->nominal_fps());
        if (!setup) return skipped(step_id::deepfake_analysis, setup.error().message);
        auto analyzer = vision::Analyzer::create(setup->options);
        if (!analyzer) return skipped(step_id::deepfake_analysis, "the analyser did not start: " + analyzer.error().message);
        for (std::int64_t n = 0; n < max_frames; ++n) {
            auto frame = (*opened)->next();
            if (!frame) return skipped(step_id::deepfake_analysis, "the stream broke: " + frame.error().message);
            if (!*frame) break;
            analyzer->process(**frame);
        }
        return analysis_outcome(analyzer->assessment(), *setup, source);
    } catch (const std::exception& error) {
        return skipped(step_id::deepfake_analysis, std::string("the analysis failed: ") + error.what());
    }
}

}  // namespace kiosk::session
