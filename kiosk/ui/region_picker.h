// The screen-region picker of the interview's source step: the call window's region is dragged out
// over a still of the X screen (or typed as numbers, for the keyboard).
#pragma once
#include <imgui.h>

#include <opencv2/core.hpp>

#include "ui/video_view.h"
#include "ui/widgets.h"

namespace kiosk::ui {

// The X screen x11grab reads from: the union of the monitors' areas.
cv::Rect desktop_area();

struct RegionPickerForm {
    FrameTexture still;
    std::optional<ImVec2> drag_from;  // where the mouse button went down on the still
};

void draw_region_picker(Ui& ui, RegionPickerForm& form, std::string& message);

}  // namespace kiosk::ui
