// When to retry a lost live source: doubling waits, capped, until a total budget is spent.
#pragma once
#include <algorithm>
#include <optional>

namespace media {

class ReconnectBackoff {
public:
    ReconnectBackoff(double first_wait_seconds, double max_wait_seconds, double give_up_after_seconds)
        : first_(first_wait_seconds), max_(max_wait_seconds), budget_(give_up_after_seconds) {}

    // Seconds to wait before the next attempt, or nullopt once the budget is spent.
    std::optional<double> next_wait() {
        double wait = std::min(max_, first_ * static_cast<double>(1LL << std::min(attempts_, 30)));
        if (waited_ + wait > budget_) return std::nullopt;
        ++attempts_;
        waited_ += wait;
        return wait;
    }
    void reset() { attempts_ = 0; waited_ = 0; }
    int attempts() const { return attempts_; }

private:
    double first_, max_, budget_;
    int attempts_ = 0;
    double waited_ = 0;
};

}  // namespace media
