// Shows the newest video frame as an OpenGL texture, with the face box and landmarks drawn over it.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <opencv2/core.hpp>

#include "app/video_pipeline.h"

namespace kiosk::ui {

// A BGR image as an OpenGL texture, uploaded only when its version changes.
class FrameTexture {
public:
    FrameTexture() = default;
    ~FrameTexture();
    FrameTexture(const FrameTexture&) = delete;
    FrameTexture& operator=(const FrameTexture&) = delete;

    // False when `image` is not an 8-bit BGR picture (nothing to show).
    bool update(const cv::Mat& image, std::int64_t version);
    ImTextureID id() const;
    ImVec2 size() const { return {static_cast<float>(width_), static_cast<float>(height_)}; }

private:
    unsigned texture_ = 0;
    int width_ = 0, height_ = 0;
    std::int64_t version_ = -1;
};

class VideoView {
public:
    // Draws `snapshot` fitted into `size` (keeping its aspect); uploads only when the frame changed.
    void draw(const app::VideoSnapshot& snapshot, ImVec2 size);

private:
    FrameTexture texture_;
};

}  // namespace kiosk::ui
