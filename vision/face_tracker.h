// Finds one face and follows it: dlib's HOG detector on a reduced image when there is no track,
// a cheap re-detection around the track every few frames, and 68 landmarks on every frame with the
// box carried over from the previous frame's landmarks.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "core/result.h"
#include "vision/face_model.h"

namespace vision {

struct TrackerOptions {
    std::string landmarks_model = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
    int detect_width = 480;      // full-frame detection runs on the frame scaled to this width
    int redetect_every = 5;      // frames between re-detections around the current track
};

struct TrackedFace {
    cv::Rect box;          // image pixels
    Landmarks landmarks;   // image pixels
    bool redetected = false;  // this frame ran a detector (full frame or around the track)
};

class FaceTracker {
public:
    // Loads the landmark model; a clear error when the file is missing or unreadable.
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
