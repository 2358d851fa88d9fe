#include "vision/face_crop.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace vision {
namespace {

cv::Mat polygon_mask(const Landmarks& points, PointRange range) {
    std::vector<cv::Point> pts, hull;
    for (int i = range.first; i < range.last; ++i) pts.emplace_back(points[static_cast<std::size_t>(i)]);
    cv::convexHull(pts, hull);
    cv::Mat mask = cv::Mat::zeros(crop_size, crop_size, CV_8U);
    cv::fillConvexPoly(mask, hull, cv::Scalar(255));
    return mask;
}

cv::Rect square_at(cv::Point2f centre, int half) {
    cv::Rect r(static_cast<int>(centre.x) - half, static_cast<int>(centre.y) - half, 2 * half, 2 * half);
    return r & cv::Rect(0, 0, crop_size, crop_size);
}

}  // namespace

cv::Mat warp_face(const cv::Mat& bgr, const cv::Matx23d& to_crop, int size) {
    const cv::Matx23d& m = to_crop;
    double scale = std::sqrt(m(0, 0) * m(0, 0) + m(0, 1) * m(0, 1));

    // Where the crop comes from in the image.
    cv::Matx23d inverse;
    cv::invertAffineTransform(m, inverse);
    const auto side = static_cast<float>(size);
    std::vector<cv::Point2f> corners{{0, 0}, {side, 0}, {0, side}, {side, side}}, source;
    cv::transform(corners, source, inverse);
    cv::Rect region = cv::boundingRect(source) & cv::Rect(0, 0, bgr.cols, bgr.rows);

    cv::Mat out;
    if (scale < 0.8 && region.area() > 0) {
        // Downscale with area averaging first so that fine texture is averaged, not aliased.
        cv::Mat small;
        cv::resize(bgr(region), small, cv::Size(), scale, scale, cv::INTER_AREA);
        cv::Matx23d shift(1.0 / scale, 0, region.x, 0, 1.0 / scale, region.y);
        cv::Matx33d m3(m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2), 0, 0, 1);
        cv::Matx33d s3(shift(0, 0), 0, shift(0, 2), 0, shift(1, 1), shift(1, 2), 0, 0, 1);
        cv::Matx33d c = m3 * s3;
        cv::warpAffine(small, out, cv::Matx23d(c(0, 0), c(0, 1), c(0, 2), c(1, 0), c(1, 1), c(1, 2)),
                       cv::Size(size, size), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    } else {
        cv::warpAffine(bgr, out, m, cv::Size(size, size), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    }
    return out;
}

FaceCrop cut_face(const cv::Mat& bgr, const Landmarks& points) {
    auto alignment = align(points);
    FaceCrop crop;
    crop.bgr = warp_face(bgr, alignment.to_crop, crop_size);
    cv::cvtColor(crop.bgr, crop.gray, cv::COLOR_BGR2GRAY);
    crop.points = alignment.in_crop;

    crop.hull = polygon_mask(crop.points, {0, 68});
    crop.core = polygon_mask(crop.points, {nose.first, mouth.last});
    cv::Mat near, far;
    cv::dilate(crop.hull, near, cv::getStructuringElement(cv::MORPH_ELLIPSE, {9, 9}));
    cv::dilate(crop.hull, far, cv::getStructuringElement(cv::MORPH_ELLIPSE, {29, 29}));
    crop.outer_band = far - near;

    const auto& p = crop.points;
    float brow_top = std::min({p[19].y, p[24].y});
    int half = static_cast<int>(0.12f * crop_scale);
    crop.forehead = cv::Rect(cv::Point(static_cast<int>(p[19].x), static_cast<int>(brow_top - 0.45f * crop_scale)),
                             cv::Point(static_cast<int>(p[24].x), static_cast<int>(brow_top - 0.12f * crop_scale))) &
                    cv::Rect(0, 0, crop_size, crop_size);
    crop.left_cheek = square_at((p[2] + p[31] + p[41]) / 3.0f, half);
    crop.right_cheek = square_at((p[14] + p[35] + p[46]) / 3.0f, half);
    return crop;
}

}  // namespace vision
