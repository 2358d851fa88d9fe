// Finds one face and follows it: dlib's HOG detector on a reduced image when there is no track (YuNet
// when HOG finds none: a head turned to profile, a small or tilted face), a cheap re-detection around
// the track every few frames, and 68 landmarks on every frame with the box carried over from the
// previous frame's landmarks.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "core/result.h"
#include "vision/face_model.h"
#include "vision/yunet_detector.h"

namespace vision {

struct TrackerOptions {
    std::string landmarks_model = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
    int detect_width = 480;      // full-frame detection runs on the frame scaled to this width
    int redetect_every = 5;      // frames between re-detections around the current track
    bool yunet_fallback = true;  // run YuNet when HOG finds no face on a full-frame detection
    float yunet_min_score = 0.8f;  // below this YuNet also fires on large face-less regions
};

enum class FaceDetector { hog, yunet };

struct TrackedFace {
    cv::Rect box;          // image pixels
    Landmarks landmarks;   // image pixels
    bool redetected = false;  // this frame ran a detector (full frame or around the track)
    // The detector that found the face this track follows. The 68 landmarks of a YuNet track may be
    // poor (a profile), so callers may refuse to measure the face's texture on one.
    FaceDetector detector = FaceDetector::hog;
    // YuNet tracks only: the five points of the track's latest YuNet detection (image pixels, at most
    // redetect_every frames old) and the yaw they give, which holds at 60-90 degrees.
    std::optional<FivePoints> five_points;
    std::optional<double> five_point_yaw_deg;
};

class FaceTracker {
public:
    // Loads the landmark model (and YuNet when it is the fallback); a clear error when either fails.
    static kiosk::Result<FaceTracker> create(const TrackerOptions& options);
    FaceTracker(FaceTracker&&) noexcept;
    FaceTracker& operator=(FaceTracker&&) noexcept;
    ~FaceTracker();

    // The largest face in `gray` (8-bit), or nullopt when none is found.
    std::optional<TrackedFace> track(const cv::Mat& gray);
    void reset();

private:
    struct State;
    explicit FaceTracker(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace vision
