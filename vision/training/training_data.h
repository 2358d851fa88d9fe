// Shared by the training and evaluation programs: reading clips and stills, running the analyser
// over frames, and cutting scored frames into windows of signals.
#pragma once
#include <filesystem>
#include <vector>

#include "media/frame.h"
#include "media/signal.h"
#include "vision/analyzer.h"

namespace vision::training {

// Up to `max_frames` frames of a video (via media::open_source) or one still image.
std::vector<media::Frame> read_media(const std::filesystem::path& path, int max_frames);

// Feeds `frames` to a fresh analyser and returns its scored frames.
std::vector<FaceSample> analyse(const std::vector<media::Frame>& frames, const AnalyzerOptions& options);

// Signals of consecutive windows of `length` scored frames, every `stride` frames.
std::vector<std::vector<media::Signal>> windows(const std::vector<FaceSample>& samples, std::size_t length,
                                                std::size_t stride);

// Ids of the checks that need video (they are unknown on a still image).
bool is_temporal(const std::string& id);

}  // namespace vision::training
