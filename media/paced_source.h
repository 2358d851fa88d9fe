// Plays a recording at its own speed: a file decodes far faster than real time, and whatever
// analyses it live (the interview screen, the latency benchmark) must get it as a camera would
// deliver it. Frames are held until their presentation time, measured from the first frame, and
// stamped with their arrival when released.
#pragma once
#include <chrono>
#include <memory>

#include "media/frame_source.h"

namespace media {

class PacedSource final : public FrameSource {
public:
    explicit PacedSource(std::unique_ptr<FrameSource> inner) : inner_(std::move(inner)) {}

    kiosk::Result<std::optional<Frame>> next() override;
    std::string describe() const override { return inner_->describe(); }
    double nominal_fps() const override { return inner_->nominal_fps(); }
    SourceStats stats() const override { return inner_->stats(); }

private:
    std::unique_ptr<FrameSource> inner_;
    std::chrono::steady_clock::time_point start_;
    double first_pts_ = 0;
    std::int64_t count_ = 0;
};

}  // namespace media
