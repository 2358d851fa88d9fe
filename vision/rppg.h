// Remote photoplethysmography (CHROM, de Haan & Jeanne 2013) on three skin regions, and how well
// the pulse agrees between them. A real face carries one pulse everywhere; a pasted inner face
// carries a different (or no) pulse than the forehead above it.
#pragma once
#include <span>

#include "vision/face_sample.h"

namespace vision {

struct PulseCoherence {
    double coherence = 0;   // mean pairwise correlation of the band-passed pulse signals, -1..1
    double seconds = 0;     // how much signal it was measured on
};

PulseCoherence pulse_coherence(std::span<const FaceSample> samples);

}  // namespace vision
