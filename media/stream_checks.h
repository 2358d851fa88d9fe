// The stream checks behind StreamSignals, one factory per check (internal to media).
#pragma once
#include <algorithm>
#include <memory>
#include <string>

#include "media/stream_signals.h"

namespace media::checks {

std::unique_ptr<StreamCheck> zero_temporal_diff();
std::unique_ptr<StreamCheck> temporal_noise();
std::unique_ptr<StreamCheck> interval_jitter(const StreamProfile& profile);
std::unique_ptr<StreamCheck> duplicate_frames();
std::unique_ptr<StreamCheck> frozen_frames(const StreamProfile& profile);
std::unique_ptr<StreamCheck> looped_content();
std::unique_ptr<StreamCheck> virtual_camera_mode(const StreamProfile& profile);
std::unique_ptr<StreamCheck> block_grid();

extern const SignalDescriptor zero_temporal_diff_descriptor, temporal_noise_descriptor, interval_jitter_descriptor,
    duplicate_frames_descriptor, frozen_frames_descriptor, looped_content_descriptor, virtual_camera_mode_descriptor,
    block_grid_descriptor;

// A signal with its id set and nothing measured yet (value 0, confidence 0).
inline Signal unmeasured(const SignalDescriptor& descriptor) {
    Signal signal;
    signal.id = std::string(descriptor.id);
    return signal;
}

// How far a measurement over `count` samples can be trusted, reaching 1 at `enough`.
inline double ramp(double count, double enough) { return std::clamp(count / enough, 0.0, 1.0); }

}  // namespace media::checks
