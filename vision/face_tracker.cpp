#include "vision/face_tracker.h"

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <opencv2/imgproc.hpp>

#include "vision/five_point_yaw.h"

namespace vision {

struct FaceTracker::State {
    TrackerOptions options;
    dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
    dlib::shape_predictor predictor;
    std::optional<YuNetDetector> yunet;  // when it is the fallback
    std::optional<Landmarks> last;   // landmarks of the previous frame
    FaceDetector found_by = FaceDetector::hog;
    std::optional<YuNetFace> yunet_face;  // the latest YuNet detection of a YuNet track
    cv::Vec4d box_from_points{0, 0, 1, 1};  // detector box relative to the landmark bounds
    int since_detect = 0;
};

namespace {

cv::Rect2d bounds(const Landmarks& points) {
    auto [min_x, max_x] = std::minmax_element(points.begin(), points.end(),
                                              [](auto a, auto b) { return a.x < b.x; });
    auto [min_y, max_y] = std::minmax_element(points.begin(), points.end(),
                                              [](auto a, auto b) { return a.y < b.y; });
    return {min_x->x, min_y->y, max_x->x - min_x->x, max_y->y - min_y->y};
}

// Largest detection in `gray`, in the coordinates of `gray`.
std::optional<cv::Rect> detect_largest(dlib::frontal_face_detector& detector, const cv::Mat& gray) {
    dlib::cv_image<unsigned char> image(cvIplImage(gray));
    auto found = detector(image);
    if (found.empty()) return std::nullopt;
    auto best = *std::max_element(found.begin(), found.end(),
                                  [](const auto& a, const auto& b) { return a.area() < b.area(); });
    return cv::Rect(static_cast<int>(best.left()), static_cast<int>(best.top()),
                    static_cast<int>(best.width()), static_cast<int>(best.height()));
}

// Where HOG's box sits relative to YuNet's on the same face, so that the shape predictor (trained on
// HOG boxes) starts from the box it knows: medians over the frames of the shared real clips where
// both found the face.
cv::Rect2d hog_like(const cv::Rect2f& yunet_box) {
    return {yunet_box.x - 0.017 * yunet_box.width, yunet_box.y + 0.137 * yunet_box.height, 1.063 * yunet_box.width,
            0.840 * yunet_box.height};
}

struct Detection {
    cv::Rect2d box;  // a HOG-like box, image pixels
    FaceDetector by = FaceDetector::hog;
    std::optional<YuNetFace> yunet;  // image pixels
};

// The largest face in the frame scaled to the detect width: HOG first, YuNet only when HOG finds none.
std::optional<Detection> detect_full_frame(dlib::frontal_face_detector& hog, YuNetDetector* yunet,
                                           const TrackerOptions& options, const cv::Mat& gray) {
    double scale = std::min(1.0, static_cast<double>(options.detect_width) / std::max(1, gray.cols));
    cv::Mat small;
    if (scale < 1.0) cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
    else small = gray;
    if (auto found = detect_largest(hog, small))
        return Detection{{found->x / scale, found->y / scale, found->width / scale, found->height / scale},
                         FaceDetector::hog, std::nullopt};
    if (!yunet) return std::nullopt;
    cv::Mat bgr;
    cv::cvtColor(small, bgr, cv::COLOR_GRAY2BGR);
    auto faces = yunet->detect(bgr, options.yunet_min_score);
    if (faces.empty()) return std::nullopt;
    auto face = *std::max_element(faces.begin(), faces.end(),
                                  [](const auto& a, const auto& b) { return a.box.area() < b.box.area(); });
    auto to_image = static_cast<float>(1.0 / scale);
    face.box = {face.box.x * to_image, face.box.y * to_image, face.box.width * to_image, face.box.height * to_image};
    for (auto& p : face.points) p *= to_image;
    return Detection{hog_like(face.box), FaceDetector::yunet, face};
}

// YuNet also fires on textured face-less regions (noise, patterned walls) with high scores. A face is
// taken only when dlib's landmarks, fitted independently on the box, put the eyes, nose and mouth
// where YuNet's five points are: the mean distance of the three parts over the box height.
constexpr double max_part_disagreement = 0.12;

bool parts_agree(const Landmarks& points, const YuNetFace& face) {
    auto mean_of = [&](int from, int to) {
        cv::Point2f sum{0, 0};
        for (int i = from; i < to; ++i) sum += points[static_cast<std::size_t>(i)];
        return sum / static_cast<float>(to - from);
    };
    const auto& five = face.points;
    const cv::Point2f dlib_parts[] = {(mean_of(36, 42) + mean_of(42, 48)) / 2, points[30], (points[48] + points[54]) / 2};
    const cv::Point2f yunet_parts[] = {(five[0] + five[1]) / 2, five[2], (five[3] + five[4]) / 2};
    double sum = 0;
    for (int i = 0; i < 3; ++i) sum += cv::norm(dlib_parts[i] - yunet_parts[i]);
    return sum / 3 / std::max(1.0f, face.box.height) <= max_part_disagreement;
}

Landmarks fit(dlib::shape_predictor& predictor, const cv::Mat& gray, const cv::Rect2d& box) {
    dlib::cv_image<unsigned char> image(cvIplImage(gray));
    dlib::rectangle rect(static_cast<long>(box.x), static_cast<long>(box.y),
                         static_cast<long>(box.x + box.width), static_cast<long>(box.y + box.height));
    auto shape = predictor(image, rect);
    Landmarks points{};
    for (unsigned long i = 0; i < 68 && i < shape.num_parts(); ++i)
        points[i] = {static_cast<float>(shape.part(i).x()), static_cast<float>(shape.part(i).y())};
    return points;
}

// dlib's landmark model is trained on upright faces: a face YuNet found tilted (its eye line more than
// 15 degrees from level) is fitted on an upright copy of the region around it, and the points are
// turned back.
Landmarks fit_upright(dlib::shape_predictor& predictor, const cv::Mat& gray, const YuNetFace& face) {
    const auto eyes = face.points[1] - face.points[0];
    const double roll = std::atan2(eyes.y, eyes.x) * 180.0 / CV_PI;
    const auto box = hog_like(face.box);
    if (std::abs(roll) < 15) return fit(predictor, gray, box);
    const cv::Point2f centre((face.points[0] + face.points[1] + face.points[3] + face.points[4]) / 4);
    const cv::Mat to_upright = cv::getRotationMatrix2D(centre, roll, 1.0);
    cv::Mat upright;
    cv::warpAffine(gray, upright, to_upright, gray.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    // The box around the upright face: YuNet's box size, centred where its centre turns to.
    const cv::Point2d box_centre(box.x + box.width / 2, box.y + box.height / 2);
    std::vector<cv::Point2d> moved;
    cv::transform(std::vector<cv::Point2d>{box_centre}, moved, to_upright);
    auto points = fit(predictor, upright, {moved[0].x - box.width / 2, moved[0].y - box.height / 2, box.width, box.height});
    cv::Mat back;
    cv::invertAffineTransform(to_upright, back);
    std::vector<cv::Point2f> turned(points.begin(), points.end());
    cv::transform(turned, turned, back);
    std::copy(turned.begin(), turned.end(), points.begin());
    return points;
}

}  // namespace

kiosk::Result<FaceTracker> FaceTracker::create(const TrackerOptions& options) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(options.landmarks_model, ec))
        return kiosk::fail("landmark model not found: " + options.landmarks_model +
                           " (install libdlib-data or set vision.landmarks_model)");
    auto state = std::make_unique<State>();
    state->options = options;
    try {
        dlib::deserialize(options.landmarks_model) >> state->predictor;
    } catch (const std::exception& e) {
        return kiosk::fail("cannot read landmark model " + options.landmarks_model + ": " + e.what());
    }
    if (state->predictor.num_parts() != 68)
        return kiosk::fail("landmark model " + options.landmarks_model + " is not a 68-point model");
    if (options.yunet_fallback) {
        auto yunet = YuNetDetector::builtin();
        if (!yunet) return std::unexpected(yunet.error());
        state->yunet = std::move(*yunet);
    }
    return FaceTracker(std::move(state));
}

FaceTracker::FaceTracker(std::unique_ptr<State> state) : state_(std::move(state)) {}
FaceTracker::FaceTracker(FaceTracker&&) noexcept = default;
FaceTracker& FaceTracker::operator=(FaceTracker&&) noexcept = default;
FaceTracker::~FaceTracker() = default;

void FaceTracker::reset() {
    state_->last.reset();
    state_->yunet_face.reset();
    state_->since_detect = 0;
}

std::optional<TrackedFace> FaceTracker::track(const cv::Mat& gray) {
    auto& s = *state_;
    cv::Rect frame_rect(0, 0, gray.cols, gray.rows);
    std::optional<cv::Rect2d> box;
    bool redetected = false;

    if (s.last) {
        auto b = bounds(*s.last);
        const auto& r = s.box_from_points;
        cv::Rect2d predicted(b.x + r[0] * b.width, b.y + r[1] * b.height, r[2] * b.width, r[3] * b.height);
        if (++s.since_detect >= s.options.redetect_every && s.found_by == FaceDetector::yunet) {
            // HOG around a profile or tilted face would miss it again: detect on the full frame, which
            // tries HOG first so that a face turning back to frontal returns to a HOG track.
            s.last.reset();
        } else if (s.since_detect >= s.options.redetect_every) {
            // Re-detect in a window around the track, scaled so the face is about 100 px wide.
            s.since_detect = 0;
            redetected = true;
            cv::Rect window = cv::Rect(cv::Rect2d(predicted.x - 0.6 * predicted.width, predicted.y - 0.6 * predicted.height,
                                                  2.2 * predicted.width, 2.2 * predicted.height)) & frame_rect;
            double scale = std::min(1.0, 100.0 / std::max(1.0, predicted.width));
            cv::Mat small;
            if (window.area() > 0) cv::resize(gray(window), small, cv::Size(), scale, scale, cv::INTER_AREA);
            std::optional<cv::Rect> found;
            if (small.cols >= 40 && small.rows >= 40) found = detect_largest(s.detector, small);
            if (found)
                box = cv::Rect2d(window.x + found->x / scale, window.y + found->y / scale, found->width / scale,
                                 found->height / scale);
            // Nothing around the track: the face left or was replaced; start over from a full detection.
            else s.last.reset();
        } else {
            box = predicted;
        }
    }
    if (!s.last && !box) {
        redetected = true;
        auto found = detect_full_frame(s.detector, s.yunet ? &*s.yunet : nullptr, s.options, gray);
        if (!found) return std::nullopt;
        box = found->box;
        s.found_by = found->by;
        s.yunet_face = found->yunet;
        s.since_detect = 0;
    }

    const bool fresh_yunet = redetected && s.found_by == FaceDetector::yunet;
    auto points = fresh_yunet ? fit_upright(s.predictor, gray, *s.yunet_face) : fit(s.predictor, gray, *box);
    auto b = bounds(points);
    const bool unconfirmed = fresh_yunet && !parts_agree(points, *s.yunet_face);
    if (unconfirmed || b.width < 8 || b.height < 8 || (cv::Rect(b) & frame_rect).area() < 0.5 * b.area()) {
        s.last.reset();
        return std::nullopt;
    }
    if (redetected)
        s.box_from_points = {(box->x - b.x) / b.width, (box->y - b.y) / b.height, box->width / b.width,
                             box->height / b.height};
    s.last = points;
    TrackedFace face{cv::Rect(*box) & frame_rect, points, redetected, s.found_by, std::nullopt, std::nullopt};
    if (s.yunet_face) {
        face.five_points = s.yunet_face->points;
        face.five_point_yaw_deg = five_point_yaw_deg(s.yunet_face->points);
    }
    return face;
}

}  // namespace vision
