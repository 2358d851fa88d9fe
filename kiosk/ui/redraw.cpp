#include "ui/redraw.h"

#include <cstring>
#include <type_traits>

namespace kiosk::ui {
namespace {

bool texture_changed = false;  // the UI thread's only: textures are uploaded and frames drawn there

template <typename T>
void append(std::vector<char>& out, const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* bytes = reinterpret_cast<const char*>(&value);
    out.insert(out.end(), bytes, bytes + sizeof value);
}

template <typename T>
void append_all(std::vector<char>& out, const ImVector<T>& values) {
    append(out, values.Size);
    const auto* bytes = reinterpret_cast<const char*>(values.Data);
    out.insert(out.end(), bytes, bytes + values.size_in_bytes());
}

}  // namespace

void mark_texture_changed() { texture_changed = true; }

bool RedrawCheck::changed(const ImDrawData& frame) {
    // The frame's complete description, compared byte for byte with the last one (tens of kB).
    current_.clear();
    append(current_, frame.DisplayPos);
    append(current_, frame.DisplaySize);
    append(current_, frame.FramebufferScale);
    append(current_, frame.CmdListsCount);
    for (int list = 0; list < frame.CmdListsCount; ++list) {
        const ImDrawList& draw = *frame.CmdLists[list];
        append_all(current_, draw.VtxBuffer);
        append_all(current_, draw.IdxBuffer);
        for (const ImDrawCmd& command : draw.CmdBuffer) {
            append(current_, command.ClipRect);
            append(current_, command.TextureId);
            append(current_, command.VtxOffset);
            append(current_, command.IdxOffset);
            append(current_, command.ElemCount);
            append(current_, command.UserCallback);
            append(current_, command.UserCallbackData);
        }
    }
    const bool differs = texture_changed || current_ != last_;
    texture_changed = false;
    std::swap(current_, last_);
    return differs;
}

}  // namespace kiosk::ui
