#include "ui/video_view.h"

#include <GL/gl.h>

#include <algorithm>

#include "ui/theme.h"

namespace kiosk::ui {

VideoView::~VideoView() {
    if (texture_) glDeleteTextures(1, &texture_);
}

void VideoView::draw(const VideoSnapshot& snapshot, ImVec2 size) {
    const cv::Mat& frame = snapshot.frame;
    if (frame.empty() || frame.type() != CV_8UC3) {
        ImGui::Dummy(size);
        return;
    }
    if (!texture_) {
        glGenTextures(1, &texture_);
        glBindTexture(GL_TEXTURE_2D, texture_);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    }
    if (snapshot.frame_index != shown_index_) {
        glBindTexture(GL_TEXTURE_2D, texture_);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, static_cast<GLint>(frame.step / 3));
        if (frame.cols != width_ || frame.rows != height_) {
            glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB8, frame.cols, frame.rows, 0, GL_BGR, GL_UNSIGNED_BYTE, frame.data);
            width_ = frame.cols;
            height_ = frame.rows;
        } else {
            glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, frame.cols, frame.rows, GL_BGR, GL_UNSIGNED_BYTE, frame.data);
        }
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        shown_index_ = snapshot.frame_index;
    }
    const float fit = std::min(size.x / static_cast<float>(width_), size.y / static_cast<float>(height_));
    const ImVec2 shown{static_cast<float>(width_) * fit, static_cast<float>(height_) * fit};
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(texture_)), shown);

    auto* draw = ImGui::GetWindowDrawList();
    auto to_screen = [&](float x, float y) { return ImVec2{origin.x + x * fit, origin.y + y * fit}; };
    if (snapshot.face) {
        const auto& box = *snapshot.face;
        draw->AddRect(to_screen(static_cast<float>(box.x), static_cast<float>(box.y)),
                      to_screen(static_cast<float>(box.x + box.width), static_cast<float>(box.y + box.height)),
                      ImGui::GetColorU32(colour::accent), 4, 0, 3);
    }
    for (const auto& point : snapshot.landmarks)
        draw->AddCircleFilled(to_screen(point.x, point.y), 2.5f, ImGui::GetColorU32(colour::review));
}

}  // namespace kiosk::ui
