#include "ui/video_view.h"

#include <GL/gl.h>

#include <algorithm>

#include "ui/redraw.h"
#include "ui/theme.h"

namespace kiosk::ui {

FrameTexture::~FrameTexture() {
    if (texture_) glDeleteTextures(1, &texture_);
}

bool FrameTexture::update(const cv::Mat& image, std::int64_t version) {
    if (image.empty() || image.type() != CV_8UC3) return false;
    if (version == version_) return true;
    if (!texture_) {
        glGenTextures(1, &texture_);
        glBindTexture(GL_TEXTURE_2D, texture_);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    }
    glBindTexture(GL_TEXTURE_2D, texture_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, static_cast<GLint>(image.step / 3));
    if (image.cols != width_ || image.rows != height_) {
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB8, image.cols, image.rows, 0, GL_BGR, GL_UNSIGNED_BYTE, image.data);
        width_ = image.cols;
        height_ = image.rows;
    } else {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, image.cols, image.rows, GL_BGR, GL_UNSIGNED_BYTE, image.data);
    }
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    version_ = version;
    mark_texture_changed();
    return true;
}

ImTextureID FrameTexture::id() const { return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(texture_)); }

void VideoView::draw(const app::VideoSnapshot& snapshot, ImVec2 size) {
    if (!texture_.update(snapshot.frame, snapshot.frame_index)) {
        ImGui::Dummy(size);
        return;
    }
    const ImVec2 image = texture_.size();
    const float fit = std::min(size.x / image.x, size.y / image.y);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Image(texture_.id(), {image.x * fit, image.y * fit});

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
