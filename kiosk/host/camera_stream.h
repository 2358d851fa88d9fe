// Stream-level evidence for `kiosk camera`: sample a source for N seconds through media's stream
// signals, turn suspicious signals into `injection` findings, and (for a live camera with exposure,
// gain or white-balance controls) run the active control challenge.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/result.h"
#include "host/camera_evidence.h"
#include "host/camera_judge.h"
#include "media/control_challenge.h"
#include "media/frame_source.h"
#include "media/signal.h"

namespace kiosk::host {

struct StreamReport {
    std::string source;
    Verdict verdict = Verdict::review;
    std::string explanation;
    std::vector<Finding> findings;  // worst first
    std::vector<media::Signal> signals;
    std::int64_t frames = 0;
    double seconds = 0;  // of stream time sampled
    media::SourceStats stats;
};

// Reads up to `seconds` of stream time (a file may end sooner) and computes every stream signal.
Result<StreamReport> sample_stream(media::FrameSource& source, const std::string& name, bool live, double seconds);

// Opens `spec` (file, URL, screen region, /dev/videoN) and samples it.
Result<StreamReport> sample_source(const std::string& spec, double seconds, const media::SourceOptions& options);

// One finding per signal beyond its bound with enough confidence.
std::vector<Finding> stream_findings(const std::vector<media::Signal>& signals, const std::string& subject);

// pass only on positive evidence of a sensor (a measured noise floor) and no findings.
void settle_stream_verdict(StreamReport& report);

// Adds the challenge outcome to a camera report: evidence when the picture followed, a finding when
// it did not. Needs the live device and its open stream.
Result<void> challenge_camera(const CameraEvidence& evidence, media::CameraControls& controls,
                              media::FrameSource& source, CameraReport& report);

nlohmann::json signals_json(const std::vector<media::Signal>& signals);
nlohmann::json to_json(const StreamReport& report);

}  // namespace kiosk::host
