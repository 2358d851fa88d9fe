#include "vision/rppg.h"

#include <cmath>
#include <numeric>
#include <opencv2/core.hpp>
#include <vector>

namespace vision {
namespace {

constexpr double rate_hz = 15.0;          // the signals are resampled to this rate
constexpr double window_seconds = 6.0;
constexpr double low_hz = 0.7, high_hz = 3.5;  // 42..210 beats per minute

// Linear interpolation of one colour track onto a uniform grid.
std::vector<cv::Vec3d> resample(std::span<const FaceSample> s, cv::Vec3d FrameMeasures::*track, double t0, std::size_t n) {
    std::vector<cv::Vec3d> out(n);
    std::size_t j = 0;
    for (std::size_t i = 0; i < n; ++i) {
        double t = t0 + static_cast<double>(i) / rate_hz;
        while (j + 1 < s.size() && s[j + 1].t < t) ++j;
        if (j + 1 >= s.size()) { out[i] = s.back().measures.*track; continue; }
        double span = s[j + 1].t - s[j].t;
        double w = span > 0 ? std::clamp((t - s[j].t) / span, 0.0, 1.0) : 0.0;
        out[i] = s[j].measures.*track * (1 - w) + s[j + 1].measures.*track * w;
    }
    return out;
}

// CHROM pulse signal, band-passed in the frequency domain.
std::vector<double> chrom_pulse(const std::vector<cv::Vec3d>& bgr) {
    std::size_t n = bgr.size();
    cv::Vec3d mean{0, 0, 0};
    for (const auto& c : bgr) mean += c;
    mean /= static_cast<double>(n);
    std::vector<double> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
        double b = bgr[i][0] / std::max(mean[0], 1e-6), g = bgr[i][1] / std::max(mean[1], 1e-6),
               r = bgr[i][2] / std::max(mean[2], 1e-6);
        x[i] = 3 * r - 2 * g;
        y[i] = 1.5 * r + g - 1.5 * b;
    }
    auto stddev = [](const std::vector<double>& v) {
        double m = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()), s = 0;
        for (double e : v) s += (e - m) * (e - m);
        return std::sqrt(s / static_cast<double>(v.size()));
    };
    double alpha = stddev(x) / std::max(stddev(y), 1e-9);
    cv::Mat signal(1, static_cast<int>(n), CV_64F);
    for (std::size_t i = 0; i < n; ++i) signal.at<double>(0, static_cast<int>(i)) = x[i] - alpha * y[i];
    signal -= cv::mean(signal)[0];
    cv::Mat spectrum;
    cv::dft(signal, spectrum, cv::DFT_COMPLEX_OUTPUT);
    for (int k = 0; k < spectrum.cols; ++k) {
        int fk = k <= spectrum.cols / 2 ? k : spectrum.cols - k;
        double hz = fk * rate_hz / spectrum.cols;
        if (hz < low_hz || hz > high_hz) spectrum.at<cv::Vec2d>(0, k) = {0, 0};
    }
    cv::Mat filtered;
    cv::dft(spectrum, filtered, cv::DFT_INVERSE | cv::DFT_REAL_OUTPUT | cv::DFT_SCALE);
    return std::vector<double>(filtered.begin<double>(), filtered.end<double>());
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sab += a[i] * b[i];
        saa += a[i] * a[i];
        sbb += b[i] * b[i];
    }
    return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

}  // namespace

PulseCoherence pulse_coherence(std::span<const FaceSample> samples) {
    PulseCoherence out;
    if (samples.size() < 2) return out;
    double t0 = samples.front().t, duration = samples.back().t - t0;
    auto window = static_cast<std::size_t>(window_seconds * rate_hz);
    auto n = static_cast<std::size_t>(duration * rate_hz);
    if (n < window / 2) return out;
    auto forehead = resample(samples, &FrameMeasures::forehead_bgr, t0, n);
    auto left = resample(samples, &FrameMeasures::left_cheek_bgr, t0, n);
    auto right = resample(samples, &FrameMeasures::right_cheek_bgr, t0, n);
    window = std::min(window, n);
    double sum = 0;
    int count = 0;
    for (std::size_t start = 0; start + window <= n; start += window / 2) {
        auto part = [&](const std::vector<cv::Vec3d>& v) {
            return chrom_pulse(std::vector<cv::Vec3d>(v.begin() + static_cast<long>(start),
                                                      v.begin() + static_cast<long>(start + window)));
        };
        auto f = part(forehead), l = part(left), r = part(right);
        sum += (correlation(f, l) + correlation(f, r) + correlation(l, r)) / 3.0;
        ++count;
    }
    out.coherence = count > 0 ? sum / count : 0.0;
    out.seconds = duration;
    return out;
}

}  // namespace vision
