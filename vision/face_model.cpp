#include "vision/face_model.h"

#include <cmath>
#include <opencv2/calib3d.hpp>

namespace vision {
namespace {

// Mean of dlib's 68-point annotations of its example photos, normalised to the eye centres.
const std::array<cv::Point2f, 68> mean_points{{
    {-1.112f, 0.083f}, {-1.106f, 0.385f}, {-1.080f, 0.680f}, {-1.021f, 0.980f}, {-0.910f, 1.259f},
    {-0.731f, 1.500f}, {-0.517f, 1.711f}, {-0.280f, 1.884f}, {-0.006f, 1.934f}, {0.288f, 1.894f},
    {0.560f, 1.735f},  {0.807f, 1.537f},  {1.014f, 1.302f},  {1.150f, 1.021f},  {1.218f, 0.712f},
    {1.250f, 0.393f},  {1.270f, 0.068f},  {-0.917f, -0.214f}, {-0.796f, -0.350f}, {-0.613f, -0.399f},
    {-0.417f, -0.385f}, {-0.230f, -0.308f}, {0.186f, -0.314f}, {0.388f, -0.388f}, {0.598f, -0.407f},
    {0.797f, -0.347f}, {0.941f, -0.209f}, {-0.024f, -0.048f}, {-0.032f, 0.143f}, {-0.038f, 0.332f},
    {-0.041f, 0.533f}, {-0.259f, 0.666f}, {-0.151f, 0.715f}, {-0.033f, 0.753f}, {0.095f, 0.715f},
    {0.214f, 0.673f},  {-0.688f, 0.009f}, {-0.568f, -0.054f}, {-0.431f, -0.056f}, {-0.310f, 0.017f},
    {-0.432f, 0.043f}, {-0.570f, 0.041f}, {0.305f, 0.021f},  {0.426f, -0.057f}, {0.566f, -0.055f},
    {0.694f, 0.010f},  {0.575f, 0.042f},  {0.434f, 0.039f},  {-0.471f, 1.060f}, {-0.323f, 0.961f},
    {-0.148f, 0.945f}, {-0.019f, 0.957f}, {0.112f, 0.930f},  {0.314f, 0.970f},  {0.497f, 1.055f},
    {0.327f, 1.250f},  {0.126f, 1.328f},  {-0.014f, 1.339f}, {-0.158f, 1.326f}, {-0.328f, 1.255f},
    {-0.406f, 1.070f}, {-0.149f, 1.017f}, {-0.013f, 1.032f}, {0.115f, 1.019f},  {0.425f, 1.066f},
    {0.120f, 1.187f},  {-0.018f, 1.205f}, {-0.154f, 1.188f},
}};

// Depth (toward the camera, inter-ocular units) of each point of a generic head: the jaw curves back
// toward the ears, the nose stands out, eyes sit in their sockets.
float depth_toward_camera(int index, float x) {
    float ax = std::abs(x);
    if (index < 17) return -1.3f * (ax / 1.25f) * (ax / 1.25f) - 0.1f;
    if (index < 27) return 0.15f - 0.5f * ax * ax;
    if (index < 31) return 0.2f + 0.15f * static_cast<float>(index - 27);
    if (index < 36) return index == 33 ? 0.5f : (index == 32 || index == 34 ? 0.45f : 0.35f);
    if (index < 48) return -0.05f - 0.3f * (ax / 0.7f) * (ax / 0.7f);
    return 0.25f - 0.25f * (ax / 0.5f) * (ax / 0.5f);
}

std::array<cv::Point3f, 68> make_head() {
    std::array<cv::Point3f, 68> head{};
    for (int i = 0; i < 68; ++i) {
        auto p = mean_points[static_cast<std::size_t>(i)];
        head[static_cast<std::size_t>(i)] = {p.x, p.y, -depth_toward_camera(i, p.x)};
    }
    return head;
}

}  // namespace

std::span<const cv::Point2f, 68> mean_shape() { return mean_points; }

std::span<const cv::Point3f, 68> head_model() {
    static const auto head = make_head();
    return head;
}

cv::Point2f centroid(const Landmarks& points, PointRange range) {
    cv::Point2f sum{0, 0};
    for (int i = range.first; i < range.last; ++i) sum += points[static_cast<std::size_t>(i)];
    return sum / static_cast<float>(range.last - range.first);
}

double inter_ocular(const Landmarks& points) {
    auto d = centroid(points, right_eye) - centroid(points, left_eye);
    return std::hypot(d.x, d.y);
}

Alignment align(const Landmarks& points, const CropLayout& layout) {
    // Similarity from eye centres and the mouth centre: stable under expression and cheap.
    auto le = centroid(points, left_eye), re = centroid(points, right_eye), mo = centroid(points, mouth);
    std::vector<cv::Point2f> from{le, re, mo};
    auto target = [&](cv::Point2f m) { return layout.eye_centre + m * layout.scale; };
    auto mean_mouth = cv::Point2f{0.0f, 0.0f};
    for (int i = mouth.first; i < mouth.last; ++i) mean_mouth += mean_points[static_cast<std::size_t>(i)];
    mean_mouth /= static_cast<float>(mouth.last - mouth.first);
    std::vector<cv::Point2f> to{target({-0.5f, 0.0f}), target({0.5f, 0.0f}), target(mean_mouth)};
    cv::Mat m = cv::estimateAffinePartial2D(from, to);
    Alignment out{};
    if (m.empty()) {
        // Degenerate points (all equal): identity keeps the caller's arithmetic finite.
        out.to_crop = cv::Matx23d(1, 0, 0, 0, 1, 0);
    } else {
        out.to_crop = cv::Matx23d(m);
    }
    for (std::size_t i = 0; i < 68; ++i) {
        auto p = points[i];
        auto& a = out.to_crop;
        out.in_crop[i] = {static_cast<float>(a(0, 0) * p.x + a(0, 1) * p.y + a(0, 2)),
                          static_cast<float>(a(1, 0) * p.x + a(1, 1) * p.y + a(1, 2))};
    }
    return out;
}

}  // namespace vision
