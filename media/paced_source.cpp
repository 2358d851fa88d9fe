#include "media/paced_source.h"

#include <cmath>
#include <thread>

namespace media {

kiosk::Result<std::optional<Frame>> PacedSource::next() {
    auto frame = inner_->next();
    if (!frame || !*frame) return frame;
    const auto now = std::chrono::steady_clock::now();
    double at = (*frame)->pts_seconds;
    // Without timestamps, frames are spaced at the nominal rate (30 fps when unknown).
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

}  // namespace media
