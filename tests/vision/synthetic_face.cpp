#include "synthetic_face.h"

#include <opencv2/imgproc.hpp>
#include <vector>

namespace vision::test {

DrawnFace draw_face(cv::Size size, double iod, cv::Scalar skin, double noise, std::uint64_t seed) {
    cv::RNG rng(seed);
    DrawnFace face;
    cv::Point2f centre(static_cast<float>(size.width) / 2.0f, static_cast<float>(size.height) * 0.42f);
    auto mean = mean_shape();
    for (std::size_t i = 0; i < 68; ++i) face.points[i] = centre + mean[i] * static_cast<float>(iod);

    // Textured background (hair/wall): blurred noise at two scales.
    cv::Mat texture(size, CV_8UC3);
    rng.fill(texture, cv::RNG::UNIFORM, cv::Scalar::all(40), cv::Scalar::all(140));
    cv::GaussianBlur(texture, face.bgr, cv::Size(), 1.2);
    // Skin: the face outline plus a forehead, then eyes, brows, nose and mouth.
    std::vector<cv::Point> outline;
    for (int i = 0; i < 17; ++i) outline.emplace_back(face.points[static_cast<std::size_t>(i)]);
    for (int i = 26; i >= 17; --i) {
        auto p = face.points[static_cast<std::size_t>(i)];
        outline.emplace_back(cv::Point2f(p.x, p.y - static_cast<float>(1.0 * iod)));
    }
    cv::fillPoly(face.bgr, std::vector<std::vector<cv::Point>>{outline}, skin, cv::LINE_AA);
    auto darker = skin * 0.45;
    for (auto range : {left_eye, right_eye, mouth}) {
        std::vector<cv::Point> part;
        for (int i = range.first; i < range.last; ++i) part.emplace_back(face.points[static_cast<std::size_t>(i)]);
        std::vector<cv::Point> hull;
        cv::convexHull(part, hull);
        cv::fillConvexPoly(face.bgr, hull, darker, cv::LINE_AA);
    }
    for (int i = 17; i < 26; ++i)
        if (i != 21) cv::line(face.bgr, face.points[static_cast<std::size_t>(i)], face.points[static_cast<std::size_t>(i + 1)], darker, 3);
    for (int i = 27; i < 35; ++i)
        cv::line(face.bgr, face.points[static_cast<std::size_t>(i)], face.points[static_cast<std::size_t>(i + 1)], skin * 0.75, 2);
    // Skin pores and sensor noise.
    cv::Mat grain(size, CV_16SC3);
    rng.fill(grain, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(noise));
    cv::Mat wide;
    face.bgr.convertTo(wide, CV_16SC3);
    wide += grain;
    wide.convertTo(face.bgr, CV_8UC3);
    return face;
}

}  // namespace vision::test
