// The forensic checks: each turns the scored frames of a stretch of video into one media::Signal.
// All checks are listed once, in checks(); the same descriptors drive the JSON, the UI and the docs.
#pragma once
#include <span>
#include <string_view>
#include <vector>

#include "media/signal.h"
#include "vision/face_sample.h"

namespace vision {

struct CheckDescriptor {
    std::string_view id;
    std::string_view title;
    std::string_view unit;
    std::string_view explanation;  // what a high value means
};

using CheckFn = media::Signal (*)(std::span<const FaceSample> samples);

struct Check {
    CheckDescriptor descriptor;
    CheckFn run;
};

std::span<const Check> checks();

// The learned swap detector's clip score: the mean of the frames' swap probabilities, as the training
// program validated it (0.5, undecided, for no frames).
double swap_score(std::span<const FaceSample> samples);

// Runs every check; a library exception in one check becomes a signal with confidence 0 and the
// error as its explanation, never an aborted analysis.
std::vector<media::Signal> run_checks(std::span<const FaceSample> samples);

}  // namespace vision
