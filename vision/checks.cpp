#include "vision/checks.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <numeric>
#include <string>

#include "vision/rppg.h"

namespace vision {
namespace {

double clamp01(double x) { return std::clamp(x, 0.0, 1.0); }

template <typename F>
std::vector<double> collect(std::span<const FaceSample> s, F value) {
    std::vector<double> v;
    v.reserve(s.size());
    for (const auto& e : s) v.push_back(value(e));
    return v;
}

double mean(const std::vector<double>& v) {
    return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    auto mid = v.begin() + static_cast<long>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

media::Signal make(std::string_view id, double value, double confidence, std::string explanation) {
    return {std::string(id), value, clamp01(confidence), std::move(explanation)};
}

std::string fixed(double v, int digits = 2) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

// Consecutive stream frames (no skipped frame between), so temporal differences mean one frame step.
template <typename F>
void for_each_run_of(std::span<const FaceSample> s, std::size_t length, F use) {
    for (std::size_t i = 0; i + length <= s.size(); ++i)
        if (s[i + length - 1].index - s[i].index == static_cast<std::int64_t>(length - 1)) use(s.subspan(i, length));
}

media::Signal boundary_color(std::span<const FaceSample> s) {
    double v = mean(collect(s, [](const auto& e) { return e.measures.chroma_mismatch; }));
    return make("boundary.color", v, static_cast<double>(s.size()) / 30.0,
                "cheek and forehead skin differ by " + fixed(v) + " Lab a*b* units");
}

media::Signal boundary_flicker(std::span<const FaceSample> s) {
    std::vector<double> steps;
    for_each_run_of(s, 2, [&](auto r) {
        steps.push_back(std::abs(r[1].measures.chroma_mismatch - r[0].measures.chroma_mismatch));
    });
    double v = median(steps);
    return make("boundary.flicker", v, static_cast<double>(steps.size()) / 60.0,
                "skin-tone mismatch changes by " + fixed(v) + " units from frame to frame");
}

media::Signal sharpness_mismatch(std::span<const FaceSample> s) {
    double v = mean(collect(s, [](const auto& e) { return e.measures.sharpness_ratio; }));
    return make("sharpness.mismatch", v, static_cast<double>(s.size()) / 30.0,
                "inner face detail is " + fixed(std::exp(v)) + "x that of hair, ears and jaw line");
}

// Pearson correlation of two series (0 when either does not vary).
double correlation(const std::vector<double>& a, const std::vector<double>& b) {
    double ma = mean(a), mb = mean(b), sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 1e-12 && sbb > 1e-12 ? sab / std::sqrt(saa * sbb) : 0.0;
}

media::Signal sharpness_coherence(std::span<const FaceSample> s) {
    auto core = collect(s, [](const auto& e) { return e.measures.core_detail; });
    auto band = collect(s, [](const auto& e) { return e.measures.band_detail; });
    double v = correlation(core, band);
    return make("sharpness.coherence", v, static_cast<double>(s.size()) / 60.0,
                "detail of the inner face and of its surroundings rise and fall together at " + fixed(v) +
                    " correlation");
}

media::Signal noise_mismatch(std::span<const FaceSample> s) {
    double v = mean(collect(s, [](const auto& e) { return e.measures.noise_ratio; }));
    return make("noise.mismatch", v, static_cast<double>(s.size()) / 30.0,
                "sensor-noise level of the inner face is " + fixed(std::exp(v)) + "x that around it");
}

media::Signal spectral_fingerprint(std::span<const FaceSample> s) {
    double v = mean(collect(s, [](const auto& e) { return e.measures.spectral_ratio; }));
    return make("spectral.fingerprint", v, static_cast<double>(s.size()) / 30.0,
                "high-frequency share of the inner face is " + fixed(std::exp(v)) + "x that of the forehead");
}

media::Signal pose_inconsistency(std::span<const FaceSample> s) {
    double v = median(collect(s, [](const auto& e) { return e.measures.pose_delta_deg; }));
    return make("pose.inconsistency", v, static_cast<double>(s.size()) / 30.0,
                "head pose from the inner face differs from the whole face by " + fixed(v, 1) + " degrees");
}

media::Signal frozen_face(std::span<const FaceSample> s) {
    std::vector<double> face, background;
    for (const auto& e : s)
        if (e.measures.frozen_valid) {
            face.push_back(e.measures.frozen_face);
            background.push_back(e.measures.frozen_background);
        }
    double v = mean(face) - mean(background);
    return make("frozen.ratio", v, static_cast<double>(face.size()) / 30.0,
                fixed(100 * mean(face), 1) + "% of face pixels vs " + fixed(100 * mean(background), 1) +
                    "% of background pixels repeat exactly between frames");
}

media::Signal landmark_jitter(std::span<const FaceSample> s) {
    std::vector<double> jitter;
    for_each_run_of(s, 3, [&](auto r) {
        double sum = 0;
        for (int i = nose.first; i < mouth.last; ++i) {
            auto k = static_cast<std::size_t>(i);
            cv::Point2f d = r[1].measures.crop_points[k] - (r[0].measures.crop_points[k] + r[2].measures.crop_points[k]) * 0.5f;
            sum += static_cast<double>(d.dot(d));
        }
        jitter.push_back(std::sqrt(sum / (mouth.last - nose.first)));
    });
    double v = median(jitter);
    return make("landmarks.jitter", v, static_cast<double>(jitter.size()) / 60.0,
                "inner-face landmarks jump " + fixed(v) + " px (canonical face) between frames beyond smooth motion");
}

media::Signal identity_drift(std::span<const FaceSample> s) {
    std::vector<double> steps;
    for_each_run_of(s, 2, [&](auto r) {
        steps.push_back(100.0 * (1.0 - r[0].measures.appearance.dot(r[1].measures.appearance)));
    });
    double v = median(steps);
    return make("identity.drift", v, static_cast<double>(steps.size()) / 60.0,
                "the face's appearance changes by " + fixed(v) + "% from frame to frame");
}

media::Signal pulse_coherence_check(std::span<const FaceSample> s) {
    auto pulse = pulse_coherence(s);
    return make("rppg.coherence", pulse.coherence, pulse.seconds / 8.0,
                "pulse signals of forehead and cheeks correlate at " + fixed(pulse.coherence) + " over " +
                    fixed(pulse.seconds, 1) + " s");
}

media::Signal learned_swap(std::span<const FaceSample> s) {
    const double v = swap_score(s);
    return make("learned.swap", v, static_cast<double>(s.size()) / 30.0,
                "the learned swap detector gives the face a mean manipulation probability of " + fixed(v));
}

constexpr Check all_checks[] = {
    {{"learned.swap", "Learned swap detector", "probability",
      "A CNN trained on self-blended real faces and live swaps (assets/models/SWAP_MODEL_REPORT.md) scores "
      "each face; the clip's mean is the analysis score, and only a mean inside its validated clear region "
      "lets a face pass."},
     learned_swap},
    {{"boundary.color", "Skin tone across the blend boundary", "Lab a*b* distance",
      "A pasted face brings its own skin tone: cheeks differ in colour from the forehead above the brows."},
     boundary_color},
    {{"boundary.flicker", "Blend boundary flicker", "Lab units per frame",
      "A swap mask is re-blended every frame, so the skin-tone mismatch wobbles over time."},
     boundary_flicker},
    {{"sharpness.mismatch", "Sharpness inside vs outside the face", "log ratio",
      "Live swappers render the face at about 128 px and scale it up: the inner face is softer (lower value) "
      "than hair, ears and jaw line."},
     sharpness_mismatch},
    {{"sharpness.coherence", "Sharpness coherence over time", "correlation",
      "Motion blur, focus and the encoder's quality change the face and its surroundings together. A face "
      "rendered on its own follows its own course (lower value); a swap that damps the face's own motion "
      "(speech, expressions) leaves only the shared changes (higher value)."},
     sharpness_coherence},
    {{"noise.mismatch", "Noise residual face vs surroundings", "log ratio",
      "A generated face lacks the camera's sensor noise that the background still has (lower value)."},
     noise_mismatch},
    {{"spectral.fingerprint", "Spectral fingerprint", "log ratio",
      "Upsampling and generators leave less (or periodic) high-frequency energy in the face than in the "
      "forehead and hair."},
     spectral_fingerprint},
    {{"pose.inconsistency", "Inner vs whole-face head pose", "degrees",
      "A 2-D pasted inner face does not follow the 3-D pose of the jaw and brows exactly."},
     pose_inconsistency},
    {{"frozen.ratio", "Frozen pixels face vs background", "share difference",
      "Pixels that repeat exactly between frames on the face but not around it (or the reverse) point to "
      "pasted or injected content."},
     frozen_face},
    {{"landmarks.jitter", "Landmark jitter", "canonical px",
      "A swap aligned per frame trembles beyond the smooth motion of a real head (higher value); one with "
      "smoothed alignment, as DeepFaceLive's, damps the fast motion of mouth and eyes (lower value)."},
     landmark_jitter},
    {{"identity.drift", "Appearance drift", "% per frame",
      "The look of a generated face changes from frame to frame more than head motion explains."},
     identity_drift},
    {{"rppg.coherence", "Pulse coherence across the face", "correlation",
      "One heart drives the whole face; a pasted inner face does not share the forehead's pulse (lower value)."},
     pulse_coherence_check},
};

}  // namespace

double swap_score(std::span<const FaceSample> samples) {
    if (samples.empty()) return 0.5;
    return mean(collect(samples, [](const auto& e) { return e.swap_probability; }));
}

std::span<const Check> checks() { return all_checks; }

std::vector<media::Signal> run_checks(std::span<const FaceSample> samples) {
    std::vector<media::Signal> out;
    for (const auto& check : checks()) {
        try {
            if (samples.empty()) {
                out.push_back(make(check.descriptor.id, 0, 0, "no usable face frames"));
                continue;
            }
            auto signal = check.run(samples);
            if (!std::isfinite(signal.value)) signal = make(check.descriptor.id, 0, 0, "not measurable on this video");
            out.push_back(std::move(signal));
        } catch (const std::exception& e) {
            out.push_back(make(check.descriptor.id, 0, 0, std::string("check failed: ") + e.what()));
        }
    }
    return out;
}

}  // namespace vision
