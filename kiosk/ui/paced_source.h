// Plays a recording at its own speed: a file decodes far faster than real time, and the interview
// screen (and the UI benchmark) must see it as a live call would deliver it.
#pragma once
#include <chrono>
#include <cmath>
#include <memory>
#include <thread>

#include "media/frame_source.h"

namespace kiosk::ui {

class PacedSource final : public media::FrameSource {
public:
    explicit PacedSource(std::unique_ptr<media::FrameSource> inner) : inner_(std::move(inner)) {}

    kiosk::Result<std::optional<media::Frame>> next() override {
        auto frame = inner_->next();
        if (!frame || !*frame) return frame;
        const auto now = std::chrono::steady_clock::now();
        double at = (*frame)->pts_seconds;
        if (!std::isfinite(at)) at = static_cast<double>(count_) / (inner_->nominal_fps() > 0 ? inner_->nominal_fps() : 30);
        if (count_++ == 0) {
            start_ = now;
            first_pts_ = at;
        }
        const auto due = start_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                      std::chrono::duration<double>(at - first_pts_));
        if (due > now) std::this_thread::sleep_until(due);
        (*frame)->arrival = std::chrono::steady_clock::now();
        return frame;
    }
    std::string describe() const override { return inner_->describe(); }
    double nominal_fps() const override { return inner_->nominal_fps(); }
    media::SourceStats stats() const override { return inner_->stats(); }

private:
    std::unique_ptr<media::FrameSource> inner_;
    std::chrono::steady_clock::time_point start_;
    double first_pts_ = 0;
    std::int64_t count_ = 0;
};

}  // namespace kiosk::ui
