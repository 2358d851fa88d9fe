// The screen-region picker of the interview's source step: the call window's region is dragged out
// over a still of the X screen (or typed as numbers, for the keyboard).
#pragma once
#include <imgui.h>

#include "ui/video_view.h"
#include "ui/widgets.h"

namespace kiosk::ui {

struct RegionPickerForm {
    FrameTexture still;
    std::optional<ImVec2> drag_from;  // where the mouse button went down on the still
};

void draw_region_picker(Ui& ui, RegionPickerForm& form, std::string& message);

}  // namespace kiosk::ui
