#include "vision/challenges.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace vision {
namespace {

double dot_x(const ChallengeStep& s, double t) {
    return 0.5 + 0.4 * std::sin(2 * CV_PI * (t - s.start) / s.dot_period + s.dot_phase);
}

double timeout_for(ChallengeKind kind) {
    switch (kind) {
        case ChallengeKind::turn_left:
        case ChallengeKind::turn_right:
        case ChallengeKind::tilt_down: return 6;
        case ChallengeKind::hand_across: return 8;
        case ChallengeKind::follow_dot: return 7;
        case ChallengeKind::color_flash: return 3;
    }
    return 6;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
    double n = static_cast<double>(a.size());
    if (a.size() < 3) return 0;
    double ma = std::accumulate(a.begin(), a.end(), 0.0) / n, mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0;
}

// The chromatic part of a colour change (its grey component removed).
cv::Vec3d chromatic(cv::Vec3d c) {
    double grey = (c[0] + c[1] + c[2]) / 3.0;
    return c - cv::Vec3d(grey, grey, grey);
}

}  // namespace

std::string_view challenge_id(ChallengeKind kind) {
    switch (kind) {
        case ChallengeKind::turn_left: return "turn_left";
        case ChallengeKind::turn_right: return "turn_right";
        case ChallengeKind::tilt_down: return "tilt_down";
        case ChallengeKind::hand_across: return "hand_across";
        case ChallengeKind::follow_dot: return "follow_dot";
        case ChallengeKind::color_flash: return "color_flash";
    }
    return "unknown";
}

std::string_view challenge_prompt(ChallengeKind kind) {
    switch (kind) {
        case ChallengeKind::turn_left: return "Turn your head to your left until you see the side of the screen";
        case ChallengeKind::turn_right: return "Turn your head to your right until you see the side of the screen";
        case ChallengeKind::tilt_down: return "Tilt your head down, looking at your desk";
        case ChallengeKind::hand_across: return "Pass your open hand slowly across your face";
        case ChallengeKind::follow_dot: return "Follow the moving dot with your head";
        case ChallengeKind::color_flash: return "Look at the screen; it will flash a colour";
    }
    return "";
}

ChallengeObservation observation_from(const FrameReport& report, double run_start_t) {
    return {report.t - run_start_t, report.has_face, report.pose.whole.yaw_deg, report.pose.whole.pitch_deg,
            report.quality.occlusion, report.skin_bgr};
}

namespace {

// cv::RNG's first draw from a seed below 2^32 is always even (its multiplier is even and the high half
// of the state is zero), so a 32-bit seed such as std::random_device's would always pick the same first
// item of two. The seed is spread over all 64 bits first (splitmix64's finaliser).
cv::RNG challenge_rng(std::uint64_t seed) {
    seed += 0x9e3779b97f4a7c15ull;
    seed = (seed ^ (seed >> 30)) * 0xbf58476d1ce4e5b9ull;
    seed = (seed ^ (seed >> 27)) * 0x94d049bb133111ebull;
    return cv::RNG(seed ^ (seed >> 31));
}

}  // namespace

ChallengeKind random_turn(std::uint64_t seed) {
    cv::RNG rng = challenge_rng(seed);
    return rng.uniform(0, 2) == 0 ? ChallengeKind::turn_left : ChallengeKind::turn_right;
}

ChallengeRun::ChallengeRun(std::vector<ChallengeKind> kinds, std::uint64_t seed, ChallengeTuning tuning)
    : tuning_(tuning) {
    cv::RNG rng = challenge_rng(seed);
    // Seeded Fisher-Yates: the order cannot be learned in advance, yet a run can be replayed.
    for (std::size_t i = kinds.size(); i > 1; --i) std::swap(kinds[i - 1], kinds[rng.uniform(0, static_cast<int>(i))]);
    const cv::Vec3d flashes[] = {{0, 0, 255}, {0, 255, 0}, {255, 0, 0}};
    double t = 0;
    for (auto kind : kinds) {
        ChallengeStep s{kind};
        s.start = t + rng.uniform(tuning_.min_gap, tuning_.max_gap);
        s.timeout = timeout_for(kind);
        s.dot_period = rng.uniform(2.5, 3.5);
        s.dot_phase = rng.uniform(0.0, 2 * CV_PI);
        s.flash_bgr = flashes[rng.uniform(0, 3)];
        s.flash_at = s.start + rng.uniform(0.8, 1.6);
        steps_.push_back(s);
        t = s.end();
    }
}

ChallengeDisplay ChallengeRun::display(double t) const {
    ChallengeDisplay d;
    for (const auto& s : steps_) {
        if (t < s.start || t >= s.end()) continue;
        d.prompt = s.kind;
        if (s.kind == ChallengeKind::follow_dot) d.dot = cv::Point2d(dot_x(s, t), 0.5);
        if (s.kind == ChallengeKind::color_flash && t >= s.flash_at && t < s.flash_at + s.flash_seconds)
            d.screen_bgr = s.flash_bgr;
    }
    return d;
}

void ChallengeRun::observe(const ChallengeObservation& o) {
    seen_.push_back(o);
    while (!finished()) {
        const auto& step = steps_[results_.size()];
        if (auto passed = early_pass(step); passed && o.t < step.end()) {
            results_.push_back(*passed);
        } else if (o.t >= step.end()) {
            results_.push_back(judge(step, true));
        } else {
            break;
        }
        // Keep one second of history for the next step's baseline.
        double keep_from = o.t - 1.0;
        std::erase_if(seen_, [&](const auto& e) { return e.t < keep_from; });
    }
}

std::optional<ChallengeResult> ChallengeRun::early_pass(const ChallengeStep& step) const {
    bool pose = step.kind == ChallengeKind::turn_left || step.kind == ChallengeKind::turn_right ||
                step.kind == ChallengeKind::tilt_down;
    if (pose || step.kind == ChallengeKind::hand_across) {
        auto r = judge(step, false);
        if (r.outcome == "pass") return r;
    }
    return std::nullopt;
}

ChallengeResult ChallengeRun::judge(const ChallengeStep& step, bool timed_out) const {
    ChallengeResult r{step.kind, timed_out ? "timeout" : "pending", 0, 0, ""};
    std::vector<ChallengeObservation> in;
    for (const auto& o : seen_)
        if (o.t >= step.start && o.t < step.end()) in.push_back(o);

    auto pose_value = [&](const ChallengeObservation& o) {
        switch (step.kind) {
            case ChallengeKind::turn_left: return o.yaw_deg;
            case ChallengeKind::turn_right: return -o.yaw_deg;
            default: return o.pitch_deg;
        }
    };
    switch (step.kind) {
        case ChallengeKind::turn_left:
        case ChallengeKind::turn_right:
        case ChallengeKind::tilt_down: {
            double target = step.kind == ChallengeKind::tilt_down ? tuning_.tilt_deg : tuning_.turn_deg;
            std::optional<double> held_since;
            for (const auto& o : in) {
                double v = o.has_face ? pose_value(o) : 0;
                r.measured = std::max(r.measured, v);
                if (o.has_face && v >= target) {
                    if (!held_since) held_since = o.t;
                    if (o.t - *held_since >= tuning_.hold_seconds) {
                        r.outcome = "pass";
                        r.latency = *held_since - step.start;
                        r.detail = "reached " + std::to_string(static_cast<int>(r.measured)) + " degrees";
                        return r;
                    }
                } else {
                    held_since.reset();
                }
            }
            r.detail = "reached " + std::to_string(static_cast<int>(r.measured)) + " of " +
                       std::to_string(static_cast<int>(target)) + " degrees";
            return r;
        }
        case ChallengeKind::hand_across: {
            // The hand must be seen covering the face (a swap that renders over the hand never shows it),
            // then leave, and the face after must be the face before.
            std::vector<ChallengeObservation> before;
            for (const auto& o : seen_)
                if (o.t < step.start && o.has_face) before.push_back(o);
            std::optional<double> covered_at;
            for (const auto& o : in) {
                r.measured = std::max(r.measured, o.occlusion);
                if (!covered_at && o.has_face && o.occlusion >= tuning_.occluded) covered_at = o.t;
                if (covered_at && o.has_face && o.occlusion <= tuning_.clear && o.t > *covered_at) {
                    cv::Vec3d ref = before.empty() ? in.front().skin_bgr : before.back().skin_bgr;
                    double change = cv::norm(o.skin_bgr - ref);
                    r.latency = *covered_at - step.start;
                    if (change > tuning_.max_colour_change) {
                        r.outcome = "fail";
                        r.detail = "the face changed across the occlusion (" + std::to_string(static_cast<int>(change)) +
                                   " colour levels)";
                    } else {
                        r.outcome = "pass";
                        r.detail = "hand seen in front of the face and the face unchanged after it";
                    }
                    return r;
                }
            }
            r.detail = covered_at ? "the hand never left the face" : "no hand was seen in front of the face";
            return r;
        }
        case ChallengeKind::follow_dot: {
            // Best correlation of yaw with the dot over lags of 0..0.6 s.
            double best = -1, best_lag = 0, amplitude = 0;
            std::vector<double> yaw;
            for (const auto& o : in)
                if (o.has_face) yaw.push_back(o.yaw_deg);
            if (!yaw.empty()) {
                auto [lo, hi] = std::minmax_element(yaw.begin(), yaw.end());
                amplitude = (*hi - *lo) / 2;
            }
            for (double lag = 0; lag <= 0.6001; lag += 0.1) {
                std::vector<double> a, b;
                for (const auto& o : in)
                    if (o.has_face) {
                        a.push_back(o.yaw_deg);
                        b.push_back(dot_x(step, o.t - lag));
                    }
                double c = correlation(a, b);
                if (c > best) best = c, best_lag = lag;
            }
            r.measured = best;
            r.latency = best_lag;
            r.outcome = best >= tuning_.dot_min_correlation && amplitude >= tuning_.dot_min_amplitude_deg ? "pass" : "fail";
            r.detail = "head followed the dot with correlation " + std::to_string(best).substr(0, 4) + " (amplitude " +
                       std::to_string(static_cast<int>(amplitude)) + " degrees)";
            return r;
        }
        case ChallengeKind::color_flash: {
            // Baseline just before the flash; response during it, in the chromatic direction of the flash.
            cv::Vec3d base{0, 0, 0};
            int n = 0;
            for (const auto& o : seen_)
                if (o.has_face && o.t >= step.flash_at - 0.5 && o.t < step.flash_at) base += o.skin_bgr, ++n;
            if (n == 0) {
                r.outcome = "fail";
                r.detail = "no face before the flash";
                return r;
            }
            base /= n;
            cv::Vec3d dir = chromatic(step.flash_bgr);
            dir /= cv::norm(dir);
            double best = 0, best_cos = 0;
            std::optional<double> onset;
            for (const auto& o : in) {
                if (!o.has_face || o.t < step.flash_at || o.t > step.flash_at + step.flash_seconds + 0.3) continue;
                cv::Vec3d change = chromatic(o.skin_bgr - base);
                double along = change.dot(dir);
                double cosine = cv::norm(change) > 1e-9 ? along / cv::norm(change) : 0;
                if (along > best) best = along, best_cos = cosine;
                if (!onset && along >= tuning_.flash_min_change && cosine >= tuning_.flash_min_cosine) onset = o.t;
            }
            r.measured = best_cos;
            r.latency = onset ? *onset - step.flash_at : 0;
            bool seen = onset.has_value() && best >= tuning_.flash_min_change;
            bool prompt = seen && r.latency <= tuning_.flash_max_latency;
            r.outcome = prompt ? "pass" : "fail";
            r.detail = !seen ? "no reflection of the screen colour on the face"
                             : (prompt ? "the face reflected the flash" : "the reflection came too late (relayed video?)");
            return r;
        }
    }
    return r;
}

}  // namespace vision
