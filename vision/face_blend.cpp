#include "vision/face_blend.h"

#include <algorithm>
#include <cmath>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace vision {

BlendParams random_blend(cv::RNG& rng) {
    BlendParams p;
    p.lab_shift = {rng.uniform(-12.0, 12.0), rng.uniform(-8.0, 8.0), rng.uniform(-8.0, 8.0)};
    p.render_px = rng.uniform(0.0, 1.0) < 0.75 ? rng.uniform(64.0, 160.0) : 0.0;
    p.warp_scale = rng.uniform(0.96, 1.04);
    p.warp_shift = {rng.uniform(-0.04, 0.04), rng.uniform(-0.04, 0.04)};
    p.mask_grow = rng.uniform(-0.15, 0.1);
    p.feather = rng.uniform(0.04, 0.3);
    p.inner_mask = rng.uniform(0.0, 1.0) < 0.3;
    return p;
}

cv::Mat blend_face(const cv::Mat& source, const Landmarks& source_points, const cv::Mat& target,
                   const Landmarks& target_points, const BlendParams& params) {
    double iod = std::max(1.0, inter_ocular(target_points));
    cv::Rect frame(0, 0, target.cols, target.rows);
    std::vector<cv::Point2f> hull_points;
    for (std::size_t i = params.inner_mask ? 17 : 0; i < 68; ++i) hull_points.push_back(target_points[i]);
    cv::Rect face = cv::boundingRect(hull_points);
    int margin = static_cast<int>(iod);
    cv::Rect roi = cv::Rect(face.x - margin, face.y - margin, face.width + 2 * margin, face.height + 2 * margin) & frame;
    if (roi.area() <= 0) return target.clone();

    // Source face moved onto the target's landmarks, plus the extra warp.
    std::vector<cv::Point2f> from(source_points.begin(), source_points.end()), to(target_points.begin(), target_points.end());
    cv::Mat similarity = cv::estimateAffinePartial2D(from, to);
    if (similarity.empty()) return target.clone();
    cv::Point2f centre = centroid(target_points, {0, 68});
    cv::Mat extra = cv::getRotationMatrix2D(centre, 0.0, params.warp_scale);
    extra.at<double>(0, 2) += params.warp_shift.x * iod;
    extra.at<double>(1, 2) += params.warp_shift.y * iod;
    cv::Mat s3 = cv::Mat::eye(3, 3, CV_64F), e3 = cv::Mat::eye(3, 3, CV_64F);
    similarity.copyTo(s3(cv::Rect(0, 0, 3, 2)));
    extra.copyTo(e3(cv::Rect(0, 0, 3, 2)));
    cv::Mat combined = (e3 * s3)(cv::Rect(0, 0, 3, 2));
    combined.at<double>(0, 2) -= roi.x;
    combined.at<double>(1, 2) -= roi.y;
    cv::Mat pasted;
    cv::warpAffine(source, pasted, combined, roi.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);

    // Rendered small and scaled up, as live swappers do with their 128 px output.
    double face_width = 2.5 * iod;
    if (params.render_px > 0 && params.render_px < face_width) {
        double f = params.render_px / face_width;
        cv::Mat small;
        cv::resize(pasted, small, cv::Size(), f, f, cv::INTER_AREA);
        cv::resize(small, pasted, roi.size(), 0, 0, cv::INTER_LINEAR);
    }
    cv::Mat lab;
    pasted.convertTo(lab, CV_32F, 1.0 / 255.0);
    cv::cvtColor(lab, lab, cv::COLOR_BGR2Lab);
    // Float Lab has L in 0..100 and a*, b* in -127..127; shifts are given in 8-bit Lab units.
    lab += cv::Scalar(params.lab_shift[0] * 100.0 / 255.0, params.lab_shift[1], params.lab_shift[2]);
    cv::cvtColor(lab, lab, cv::COLOR_Lab2BGR);

    cv::Mat mask = cv::Mat::zeros(roi.size(), CV_8U);
    std::vector<cv::Point> poly, hull;
    for (auto p : hull_points) poly.emplace_back(cv::Point2f(p.x - static_cast<float>(roi.x), p.y - static_cast<float>(roi.y)));
    cv::convexHull(poly, hull);
    cv::fillConvexPoly(mask, hull, cv::Scalar(255));
    int grow = static_cast<int>(std::lround(std::abs(params.mask_grow) * iod));
    if (grow > 0) {
        auto kernel = cv::getStructuringElement(cv::MORPH_ELLIPSE, {2 * grow + 1, 2 * grow + 1});
        if (params.mask_grow > 0) cv::dilate(mask, mask, kernel);
        else cv::erode(mask, mask, kernel);
    }
    cv::Mat alpha;
    mask.convertTo(alpha, CV_32F, 1.0 / 255.0);
    double sigma = params.feather * iod;
    if (sigma > 0.3) cv::GaussianBlur(alpha, alpha, cv::Size(), sigma);
    cv::Mat alpha3;
    cv::merge(std::vector<cv::Mat>{alpha, alpha, alpha}, alpha3);

    cv::Mat base;
    target(roi).convertTo(base, CV_32F, 1.0 / 255.0);
    cv::Mat mixed = lab.mul(alpha3) + base.mul(cv::Scalar::all(1.0) - alpha3);
    cv::Mat out = target.clone();
    mixed.convertTo(out(roi), CV_8U, 255.0);
    return out;
}

}  // namespace vision
