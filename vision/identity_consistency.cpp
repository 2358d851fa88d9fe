#include "vision/identity_consistency.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace vision {
namespace {

// Enough frontal frames that one blink or bad chip does not move the median.
constexpr std::size_t baseline_min_frames = 5;
constexpr double baseline_full_confidence_frames = 15;

std::string fixed(double v, int digits = 2) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

// Per-dimension median of the frontal frames: robust to the few frames where a swap slips even when frontal.
std::optional<IdentityEmbedding> frontal_baseline(std::span<const IdentityFrame> frames, std::size_t& used) {
    std::vector<const IdentityFrame*> frontal;
    for (const auto& f : frames)
        if (std::abs(f.yaw_deg) < identity_frontal_yaw_deg) frontal.push_back(&f);
    used = frontal.size();
    if (frontal.size() < baseline_min_frames) return std::nullopt;
    IdentityEmbedding baseline{};
    std::vector<float> column(frontal.size());
    for (std::size_t d = 0; d < baseline.size(); ++d) {
        for (std::size_t i = 0; i < frontal.size(); ++i) column[i] = frontal[i]->embedding[d];
        auto mid = column.begin() + static_cast<long>(column.size() / 2);
        std::nth_element(column.begin(), mid, column.end());
        baseline[d] = *mid;
    }
    return baseline;
}

}  // namespace

media::Signal identity_jump(std::span<const IdentityFrame> frames) {
    media::Signal signal{"identity.jump", 0, 0, ""};
    std::size_t frontal = 0;
    auto baseline = frontal_baseline(frames, frontal);
    if (!baseline) {
        signal.explanation = "too few frontal frames (" + std::to_string(frontal) + ") to know who the person is";
        return signal;
    }
    std::vector<double> distance;
    distance.reserve(frames.size());
    for (const auto& f : frames) distance.push_back(identity_distance(f.embedding, *baseline));

    std::size_t runs = 0, worst = 0;
    for (std::size_t i = 0; i + identity_window_frames <= frames.size(); ++i) {
        const auto run = frames.subspan(i, identity_window_frames);
        if (std::adjacent_find(run.begin(), run.end(), [](const auto& a, const auto& b) {
                return b.t - a.t > identity_max_gap_s;
            }) != run.end())
            continue;
        double sum = 0;
        for (std::size_t k = i; k < i + identity_window_frames; ++k) sum += distance[k];
        double mean = sum / static_cast<double>(identity_window_frames);
        if (runs++ == 0 || mean > signal.value) {
            signal.value = mean;
            worst = i;
        }
    }
    if (runs == 0) {
        signal.explanation = "no run of " + std::to_string(identity_window_frames) + " consecutive face frames";
        return signal;
    }
    signal.confidence = std::min(1.0, static_cast<double>(frontal) / baseline_full_confidence_frames);
    bool during_challenge = std::any_of(frames.begin() + static_cast<long>(worst),
                                        frames.begin() + static_cast<long>(worst + identity_window_frames),
                                        [](const auto& f) { return f.challenge_active; });
    signal.explanation = "the face drifts at most " + fixed(signal.value) + " from this person's frontal face over " +
                         std::to_string(identity_window_frames) + " frames, at " + fixed(frames[worst].t, 1) + " s" +
                         (during_challenge ? " during a challenge" : "") +
                         (signal.value >= identity_jump_threshold
                              ? ": beyond the same-person limit " + fixed(identity_jump_threshold) +
                                    ", another identity showed through"
                              : ": within the same-person limit " + fixed(identity_jump_threshold));
    return signal;
}

}  // namespace vision
