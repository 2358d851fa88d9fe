// The window the kiosk draws in: GLFW + OpenGL 3 + Dear ImGui's backends, fullscreen on the primary
// monitor or windowed for development, with fonts scaled for the display's DPI.
#pragma once
#include <chrono>
#include <memory>
#include <opencv2/core.hpp>

#include "core/config.h"
#include "core/result.h"
#include "ui/redraw.h"
#include "ui/theme.h"

struct GLFWwindow;

namespace kiosk::ui {

struct WindowOptions {
    bool windowed = false;
    int width = 1920, height = 1080;  // windowed size
    bool vsync = true;                // off for screenshots and the benchmark
};

class Platform {
public:
    static Result<std::unique_ptr<Platform>> open(const WindowOptions& options, const Config& config);
    ~Platform();
    Platform(const Platform&) = delete;
    Platform& operator=(const Platform&) = delete;

    void begin_frame();
    // Renders and shows the frame, and returns true; a frame identical to the one on screen is not
    // drawn again (false): the call then waits out the rest of the display's frame interval, or
    // less if input arrives. When `capture` is given the frame is always drawn and its pixels (BGR,
    // top row first) are read into it.
    bool end_frame(cv::Mat* capture = nullptr);
    // Draw every frame, changed or not (the benchmark's worst case).
    void set_draw_every_frame(bool on) { draw_every_frame_ = on; }

    // The window manager's close button or Alt+F4: reported once, the window stays open (quitting needs a PIN).
    bool take_close_request();
    bool fullscreen() const { return fullscreen_; }
    void set_fullscreen(bool on);
    float scale() const { return scale_; }
    const Fonts& fonts() const { return fonts_; }

private:
    Platform() = default;
    GLFWwindow* window_ = nullptr;
    bool fullscreen_ = false;
    float scale_ = 1;
    Fonts fonts_;
    int windowed_width_ = 1920, windowed_height_ = 1080;
    RedrawCheck redraw_;
    bool draw_every_frame_ = false;
    std::chrono::steady_clock::duration frame_interval_ = std::chrono::microseconds(16'667);
    std::chrono::steady_clock::time_point frame_started_;
};

// The X screen x11grab reads from: the union of the monitors' areas (needs an open Platform).
cv::Rect desktop_area();

}  // namespace kiosk::ui
