// One scored frame: when it was seen and what was measured on the face.
#pragma once
#include <cstdint>

#include "vision/frame_measures.h"

namespace vision {

struct FaceSample {
    std::int64_t index = 0;  // frame index in the stream
    double t = 0;            // seconds from the first frame
    double face_px = 0;      // inter-ocular distance in image pixels
    double swap_probability = 0;  // the learned swap detector's output on this frame's face
    FrameMeasures measures;
};

}  // namespace vision
