#include "vision/frame_measures.h"

#include <cmath>
#include <opencv2/imgproc.hpp>

namespace vision {
namespace {

double masked_variance(const cv::Mat& values, const cv::Mat& mask) {
    cv::Scalar mean, stddev;
    cv::meanStdDev(values, mean, stddev, mask);
    return stddev[0] * stddev[0];
}

double masked_mean_abs(const cv::Mat& values, const cv::Mat& mask) {
    return cv::mean(cv::abs(values), mask)[0];
}

cv::Vec3d mean_bgr(const cv::Mat& bgr, const cv::Rect& r) {
    if (r.area() <= 0) return {0, 0, 0};
    auto m = cv::mean(bgr(r));
    return {m[0], m[1], m[2]};
}

// log(high-band / mid-band) spectral energy of a square grey patch (Hann-windowed).
double high_to_mid(const cv::Mat& gray_patch) {
    cv::Mat f;
    gray_patch.convertTo(f, CV_32F);
    f -= cv::mean(f)[0];
    cv::Mat window;
    cv::createHanningWindow(window, f.size(), CV_32F);
    f = f.mul(window);
    cv::Mat spectrum;
    cv::dft(f, spectrum, cv::DFT_COMPLEX_OUTPUT);
    double high = 0, mid = 0;
    int n = f.rows;
    for (int y = 0; y < n; ++y) {
        int fy = y <= n / 2 ? y : n - y;
        const auto* row = spectrum.ptr<cv::Vec2f>(y);
        for (int x = 0; x < n; ++x) {
            int fx = x <= n / 2 ? x : n - x;
            double r = std::hypot(fx, fy) / (n / 2.0);
            double power = static_cast<double>(row[x][0]) * row[x][0] + static_cast<double>(row[x][1]) * row[x][1];
            if (r > 0.5 && r <= 1.0) high += power;
            else if (r > 0.1 && r <= 0.5) mid += power;
        }
    }
    return std::log((high + 1e-3) / (mid + 1e-3));
}

cv::Rect centred(cv::Point2f centre, int size) {
    cv::Rect r(static_cast<int>(centre.x) - size / 2, static_cast<int>(centre.y) - size / 2, size, size);
    r.x = std::clamp(r.x, 0, crop_size - size);
    r.y = std::clamp(r.y, 0, crop_size - size);
    return r;
}

}  // namespace

FrameMeasures measure_frame(const cv::Mat& bgr, const cv::Mat& gray, const cv::Mat& previous_gray,
                            const cv::Rect& face_box, const Landmarks& points, const PoseEstimate& pose) {
    FrameMeasures m;
    FaceCrop crop = cut_face(bgr, points);
    m.crop_points = crop.points;

    // Colour: the swapped inner face carries the source's skin tone; the forehead above the brows
    // is usually still the target's.
    cv::Mat lab;
    cv::cvtColor(crop.bgr, lab, cv::COLOR_BGR2Lab);
    auto chroma = [&](const cv::Rect& r) {
        if (r.area() <= 0) return cv::Vec2d(0, 0);
        auto s = cv::mean(lab(r));
        return cv::Vec2d(s[1], s[2]);
    };
    cv::Vec2d cheeks = (chroma(crop.left_cheek) + chroma(crop.right_cheek)) * 0.5;
    m.chroma_mismatch = cv::norm(cheeks - chroma(crop.forehead));

    // Sharpness and noise: a generated face is rendered small and scaled up, and lacks sensor noise.
    cv::Mat lap;
    cv::Laplacian(crop.gray, lap, CV_32F, 3);
    m.core_detail = std::log(masked_variance(lap, crop.core) + 1.0);
    m.band_detail = std::log(masked_variance(lap, crop.outer_band) + 1.0);
    m.sharpness_ratio = m.core_detail - m.band_detail;
    cv::Mat median, residual;
    cv::medianBlur(crop.gray, median, 3);
    cv::subtract(crop.gray, median, residual, cv::noArray(), CV_32F);
    m.noise_ratio = std::log((masked_mean_abs(residual, crop.core) + 0.05) /
                             (masked_mean_abs(residual, crop.outer_band) + 0.05));
    m.crop_blur = masked_variance(lap, cv::Mat());
    m.core_brightness = cv::mean(crop.gray, crop.core)[0];

    // Spectrum: inner face (around the nose) against the forehead/hair patch above it.
    constexpr int patch = 48;
    auto nose_tip = crop.points[30];
    auto forehead_centre = cv::Point2f(nose_tip.x, static_cast<float>(crop.forehead.y) - 0.1f * crop_scale);
    m.spectral_ratio = high_to_mid(crop.gray(centred(nose_tip, patch))) -
                       high_to_mid(crop.gray(centred(forehead_centre, patch)));

    m.pose_delta_deg = pose.inner_vs_whole_deg;

    // Frozen pixels: a pasted face is re-rendered every frame; a stalled injection is not.
    if (!previous_gray.empty() && previous_gray.size() == gray.size()) {
        cv::Mat same;
        cv::compare(gray, previous_gray, same, cv::CMP_EQ);
        cv::Rect frame(0, 0, gray.cols, gray.rows);
        cv::Rect face = face_box & frame;
        cv::Rect wide = cv::Rect(face.x - face.width / 2, face.y - face.height / 2, 2 * face.width, 2 * face.height) & frame;
        double face_same = face.area() > 0 ? cv::countNonZero(same(face)) : 0;
        double wide_same = wide.area() > 0 ? cv::countNonZero(same(wide)) : 0;
        double all_same = cv::countNonZero(same);
        double background_area = frame.area() - wide.area();
        if (face.area() > 0 && background_area > 0.1 * frame.area()) {
            m.frozen_face = face_same / face.area();
            m.frozen_background = (all_same - wide_same) / background_area;
            m.frozen_valid = true;
        }
    }

    m.forehead_bgr = mean_bgr(crop.bgr, crop.forehead);
    m.left_cheek_bgr = mean_bgr(crop.bgr, crop.left_cheek);
    m.right_cheek_bgr = mean_bgr(crop.bgr, crop.right_cheek);

    cv::Rect face_area = cv::boundingRect(crop.core) & cv::Rect(0, 0, crop_size, crop_size);
    cv::Mat small;
    cv::resize(crop.gray(face_area.area() > 0 ? face_area : cv::Rect(0, 0, crop_size, crop_size)), small,
               cv::Size(24, 24), 0, 0, cv::INTER_AREA);
    small.convertTo(m.appearance, CV_32F);
    m.appearance -= cv::mean(m.appearance)[0];
    double norm = cv::norm(m.appearance);
    if (norm > 1e-6) m.appearance /= norm;
    return m;
}

}  // namespace vision
