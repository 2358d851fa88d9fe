// The one loop that reads a source and analyses its frames: `kiosk analyze` and the session's
// deepfake_analysis step (`kiosk session run`) both run it, so one clip gets one setup and one
// verdict. The interview screen's live pipeline (app/video_pipeline.h) feeds frames from its capture
// thread instead, with the same setup and step (session/analysis_record.h).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "session/analysis_record.h"
#include "session/session.h"

namespace kiosk::session {

struct AnalysisLimits {
    std::optional<double> seconds;  // of video, by the frames' own clock, not by how long analysis takes
    std::optional<int> threads;     // OpenCV's and the decoder's threads; the libraries' default when unset
};

struct SourceAnalysis {
    AnalysisSetup setup;
    vision::Assessment assessment;
    std::vector<double> ms_per_frame;  // reading and analysing each frame
    double wall_seconds = 0;
};

// Opens `source` (media::open_source, with the [camera] timeout) and analyses its frames until it
// ends or `limits.seconds` of video are read. Errors: the source, the analyser, a broken stream, no frame.
Result<SourceAnalysis> analyse_source(const std::string& source, const Config& config, const AnalysisLimits& limits);

// deepfake_analysis, as the session records it: the first minute of the source; needs the consent permit.
StepOutcome analyse_video(const ConsentPermit& permit, const std::string& source, const Config& config);

}  // namespace kiosk::session
