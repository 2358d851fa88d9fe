#include "ui/theme.h"

#include <filesystem>

namespace kiosk::ui {
namespace {

Result<ImFont*> add_font(const Config& config, std::string_view key, float pixels) {
    const auto path = config.string(key);
    if (!std::filesystem::is_regular_file(path))
        return std::unexpected(config.bad_value(key, "font file '" + path + "' not found (Debian: fonts-dejavu-core)"));
    ImFontConfig font_config;
    font_config.OversampleH = 2;
    // Latin-1, plus the dashes, bullets, ellipsis and arrows the screens write.
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x2190, 0x2193, 0};
    auto* font = ImGui::GetIO().Fonts->AddFontFromFileTTF(path.c_str(), pixels, &font_config, ranges);
    if (!font) return std::unexpected(config.bad_value(key, "'" + path + "' is not a TrueType font ImGui can read"));
    return font;
}

}  // namespace

Result<Fonts> load_fonts(const Config& config, float scale) {
    const auto size = static_cast<float>(config.integer("ui.text_size"));
    const float body = size * scale;
    Fonts fonts;
    struct Wanted {
        ImFont** slot;
        std::string_view key;
        float pixels;
    };
    const Wanted wanted[] = {{&fonts.body, "ui.font", body},
                             {&fonts.bold, "ui.font_bold", body},
                             {&fonts.title, "ui.font_bold", body * 1.6f},
                             {&fonts.huge, "ui.font_bold", body * 3.2f},
                             {&fonts.mono, "ui.font_mono", body * 0.9f}};
    for (const auto& want : wanted) {
        auto font = add_font(config, want.key, want.pixels);
        if (!font) return std::unexpected(font.error());
        *want.slot = *font;
    }
    return fonts;
}

void apply_theme(float scale) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle{};
    style.WindowPadding = {18, 16};
    style.FramePadding = {14, 9};
    style.ItemSpacing = {14, 12};
    style.ItemInnerSpacing = {10, 8};
    style.CellPadding = {10, 7};
    style.ScrollbarSize = 20;
    style.GrabMinSize = 16;
    style.WindowRounding = 0;
    style.ChildRounding = 0;  // panels are filled by a rectangular clear (ui/panel.h)
    style.FrameRounding = 6;
    style.PopupRounding = 8;
    style.GrabRounding = 6;
    style.TabRounding = 6;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    style.FrameBorderSize = 1;
    style.ScaleAllSizes(scale);

    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = colour::text;
    c[ImGuiCol_TextDisabled] = colour::muted;
    c[ImGuiCol_WindowBg] = colour::background;
    c[ImGuiCol_ChildBg] = {0, 0, 0, 0};  // begin_panel fills panels; nested children show their panel
    c[ImGuiCol_PopupBg] = {0.16f, 0.18f, 0.22f, 1.0f};
    c[ImGuiCol_Border] = {0.30f, 0.34f, 0.40f, 1.0f};
    c[ImGuiCol_FrameBg] = {0.19f, 0.22f, 0.26f, 1.0f};
    c[ImGuiCol_FrameBgHovered] = {0.24f, 0.28f, 0.34f, 1.0f};
    c[ImGuiCol_FrameBgActive] = {0.27f, 0.32f, 0.39f, 1.0f};
    c[ImGuiCol_TitleBg] = colour::panel;
    c[ImGuiCol_TitleBgActive] = colour::panel;
    c[ImGuiCol_Button] = {0.20f, 0.36f, 0.56f, 1.0f};
    c[ImGuiCol_ButtonHovered] = {0.26f, 0.45f, 0.69f, 1.0f};
    c[ImGuiCol_ButtonActive] = {0.30f, 0.52f, 0.78f, 1.0f};
    c[ImGuiCol_Header] = {0.20f, 0.29f, 0.40f, 1.0f};
    c[ImGuiCol_HeaderHovered] = {0.24f, 0.36f, 0.50f, 1.0f};
    c[ImGuiCol_HeaderActive] = {0.28f, 0.42f, 0.58f, 1.0f};
    c[ImGuiCol_CheckMark] = colour::accent;
    c[ImGuiCol_SliderGrab] = colour::accent;
    c[ImGuiCol_PlotLines] = colour::accent;
    c[ImGuiCol_PlotHistogram] = colour::accent;
    c[ImGuiCol_TableHeaderBg] = {0.17f, 0.20f, 0.24f, 1.0f};
    c[ImGuiCol_TableRowBgAlt] = {1.0f, 1.0f, 1.0f, 0.03f};
    c[ImGuiCol_NavHighlight] = {1.0f, 0.85f, 0.35f, 1.0f};  // keyboard focus must be obvious
    c[ImGuiCol_ModalWindowDimBg] = {0.0f, 0.0f, 0.0f, 0.65f};
}

}  // namespace kiosk::ui
