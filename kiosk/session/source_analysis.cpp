#include "session/source_analysis.h"

#include <chrono>
#include <cmath>
#include <opencv2/core.hpp>

#include "media/frame_source.h"
#include "session/source_options.h"
#include "session/step_runners.h"

namespace kiosk::session {
namespace {

// A session analyses the first minute of the call at most.
constexpr double session_seconds = 60;

}  // namespace

Result<SourceAnalysis> analyse_source(const std::string& source, const Config& config, const AnalysisLimits& limits) {
    auto opening = source_options(config);
    if (limits.threads) {
        cv::setNumThreads(*limits.threads);
        opening.threads = *limits.threads;
    }
    auto opened = media::open_source(source, opening);
    if (!opened) return std::unexpected(opened.error());
    auto setup = analysis_setup(config, source, (*opened)->nominal_fps());
    if (!setup) return std::unexpected(setup.error());
    const double frame_clock_fps = setup->options.nominal_fps;  // for frames without timestamps
    auto analyzer = vision::Analyzer::create(setup->options);
    if (!analyzer) return std::unexpected(analyzer.error());

    using clock = std::chrono::steady_clock;
    SourceAnalysis analysis{std::move(*setup), {}, {}, 0};
    const auto started = clock::now();
    std::optional<double> first_t;
    while (true) {
        const auto before = clock::now();
        auto frame = (*opened)->next();
        if (!frame) return std::unexpected(frame.error());
        if (!*frame) break;
        const double t = std::isfinite((*frame)->pts_seconds) ? (*frame)->pts_seconds
                                                               : static_cast<double>((*frame)->index) / frame_clock_fps;
        if (!first_t) first_t = t;
        if (limits.seconds && t - *first_t >= *limits.seconds) break;
        analyzer->process(**frame);
        analysis.ms_per_frame.push_back(std::chrono::duration<double, std::milli>(clock::now() - before).count());
    }
    analysis.wall_seconds = std::chrono::duration<double>(clock::now() - started).count();
    if (analysis.ms_per_frame.empty()) return fail("no frames in " + source);
    analysis.assessment = analyzer->assessment();
    return analysis;
}

StepOutcome analyse_video(const ConsentPermit& permit, const std::string& source, const Config& config) {
    (void)permit;  // its existence is the point: no permit, no analysis
    try {
        auto analysed = analyse_source(source, config, {session_seconds, std::nullopt});
        if (!analysed) return skipped(step_id::deepfake_analysis, "the analysis did not run: " + analysed.error().message);
        return analysis_outcome(analysed->assessment, analysed->setup, source);
    } catch (const std::exception& error) {
        return skipped(step_id::deepfake_analysis, std::string("the analysis failed: ") + error.what());
    }
}

}  // namespace kiosk::session
