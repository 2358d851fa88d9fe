// Shows the newest video frame as an OpenGL texture, with the face box and landmarks drawn over it.
#pragma once
#include <imgui.h>

#include <cstdint>

#include "ui/video_pipeline.h"

namespace kiosk::ui {

class VideoView {
public:
    VideoView() = default;
    ~VideoView();
    VideoView(const VideoView&) = delete;
    VideoView& operator=(const VideoView&) = delete;

    // Draws `snapshot` fitted into `size` (keeping its aspect); uploads only when the frame changed.
    void draw(const VideoSnapshot& snapshot, ImVec2 size);

private:
    unsigned texture_ = 0;
    int width_ = 0, height_ = 0;
    std::int64_t shown_index_ = -1;
};

}  // namespace kiosk::ui
