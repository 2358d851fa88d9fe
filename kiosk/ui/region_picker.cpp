#include "ui/region_picker.h"

#include <algorithm>

#include "ui/platform.h"
#include "ui/screen_region.h"

namespace kiosk::ui {

void draw_region_picker(Ui& ui, RegionPickerForm& form, std::string& message) {
    auto& controller = ui.controller;
    const auto& preview = controller.screen_preview();
    begin_panel("region-picker", {-1, -1});
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted("Drag over the call's video tile");
    ImGui::PopFont();
    text_coloured(colour::muted, "The picture is the screen as it was when the picker opened. The kiosk analyses "
                                 "exactly this rectangle of the screen while the call runs.");

    // Typed numbers edit the same selection, for the keyboard.
    int region[4] = {preview.selection.x, preview.selection.y, preview.selection.width, preview.selection.height};
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.4f);
    if (ImGui::InputInt4("x, y, width, height", region)) controller.select_region({region[0], region[1], region[2], region[3]});
    ImGui::SameLine();
    if (action_button("Use this region  (Enter)", Key::enter)) {
        auto used = controller.use_region();
        message = used ? "" : used.error().message;
    }
    ImGui::SameLine();
    if (action_button("Take the picture again")) controller.open_region_picker(desktop_area());
    ImGui::SameLine();
    if (action_button("Cancel  (Esc)", Key::escape)) controller.close_region_picker();

    if (preview.grabbing) {
        text_coloured(colour::muted, "Taking a picture of the screen…");
    } else if (!preview.message.empty()) {
        text_coloured(colour::fail, preview.message);
    } else if (form.still.update(preview.image, preview.grabs)) {
        const ImVec2 room = ImGui::GetContentRegionAvail();
        const ImVec2 still = form.still.size();
        const float fit = std::min(room.x / still.x, room.y / still.y);
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        ImGui::Image(form.still.id(), {still.x * fit, still.y * fit});
        const cv::Size pixels(preview.image.cols, preview.image.rows);
        if (ImGui::IsItemHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) form.drag_from = ImGui::GetMousePos();
        if (form.drag_from) {
            const ImVec2 mouse = ImGui::GetMousePos();
            const cv::Rect dragged = drag_rectangle({form.drag_from->x, form.drag_from->y}, {mouse.x, mouse.y},
                                                    {origin.x, origin.y}, fit, pixels);
            controller.select_region(dragged + preview.area.tl());
            if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) form.drag_from.reset();
        }
        const cv::Rect shown = preview.selection - preview.area.tl();
        if (!shown.empty()) {
            auto* draw = ImGui::GetWindowDrawList();
            const ImVec2 a{origin.x + static_cast<float>(shown.x) * fit, origin.y + static_cast<float>(shown.y) * fit};
            const ImVec2 b{origin.x + static_cast<float>(shown.br().x) * fit, origin.y + static_cast<float>(shown.br().y) * fit};
            // Dim everything outside the selection so the chosen tile stands out.
            const ImU32 dim = IM_COL32(0, 0, 0, 140);
            const ImVec2 end{origin.x + still.x * fit, origin.y + still.y * fit};
            draw->AddRectFilled(origin, {end.x, a.y}, dim);
            draw->AddRectFilled({origin.x, b.y}, end, dim);
            draw->AddRectFilled({origin.x, a.y}, {a.x, b.y}, dim);
            draw->AddRectFilled({b.x, a.y}, {end.x, b.y}, dim);
            draw->AddRect(a, b, ImGui::GetColorU32(colour::accent), 0, 0, 3);
        }
    }
    ImGui::EndChild();
}

}  // namespace kiosk::ui
