#include "ui/platform.h"

#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>

#include "ui/keys.h"

namespace kiosk::ui {
namespace {

// Pixels per 96-dpi pixel: the monitor's content scale, or its physical size when the content scale
// says 1 but the panel is dense; a kiosk screen is read from further away than a desk monitor.
float display_scale(GLFWmonitor* monitor) {
    float x = 1, y = 1;
    glfwGetMonitorContentScale(monitor, &x, &y);
    float scale = std::max(x, y);
    int width_mm = 0, height_mm = 0;
    glfwGetMonitorPhysicalSize(monitor, &width_mm, &height_mm);
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    if (scale <= 1.0f && mode && width_mm > 100) {
        const float dpi = static_cast<float>(mode->width) / (static_cast<float>(width_mm) / 25.4f);
        scale = std::max(scale, dpi / 96.0f);
    }
    return std::clamp(std::round(scale * 4) / 4, 1.0f, 3.0f);
}

// Dear ImGui 1.86's GLFW backend reports keys by their GLFW codes.
int glfw_key(Key key) {
    switch (key) {
        case Key::enter: return GLFW_KEY_ENTER;
        case Key::keypad_enter: return GLFW_KEY_KP_ENTER;
        case Key::escape: return GLFW_KEY_ESCAPE;
        case Key::c: return GLFW_KEY_C;
        case Key::e: return GLFW_KEY_E;
        case Key::f: return GLFW_KEY_F;
        case Key::l: return GLFW_KEY_L;
        case Key::n: return GLFW_KEY_N;
        case Key::q: return GLFW_KEY_Q;
        case Key::r: return GLFW_KEY_R;
        case Key::s: return GLFW_KEY_S;
        case Key::v: return GLFW_KEY_V;
        case Key::y: return GLFW_KEY_Y;
        case Key::f1: return GLFW_KEY_F1;
        case Key::f2: return GLFW_KEY_F2;
        case Key::f3: return GLFW_KEY_F3;
        case Key::f4: return GLFW_KEY_F4;
        case Key::f5: return GLFW_KEY_F5;
        case Key::f11: return GLFW_KEY_F11;
    }
    return GLFW_KEY_UNKNOWN;
}

}  // namespace

bool key_pressed(Key key) { return ImGui::IsKeyPressed(glfw_key(key), false); }

bool any_key_down() {
    const ImGuiIO& io = ImGui::GetIO();
    for (int key = GLFW_KEY_SPACE; key <= GLFW_KEY_LAST; ++key)
        if (io.KeysDown[key]) return true;
    return false;
}

cv::Rect desktop_area() {
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    cv::Rect area;
    for (int index = 0; index < count; ++index) {
        int x = 0, y = 0;
        glfwGetMonitorPos(monitors[index], &x, &y);
        if (const GLFWvidmode* mode = glfwGetVideoMode(monitors[index]))
            area |= cv::Rect(x, y, mode->width, mode->height);
    }
    return area;
}

Result<std::unique_ptr<Platform>> Platform::open(const WindowOptions& options, const Config& config) {
    if (!glfwInit()) return fail("no display: cannot open a window (is DISPLAY set? try `kiosk scan` instead)");
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    if (!monitor) {
        glfwTerminate();
        return fail("no monitor found");
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    std::unique_ptr<Platform> platform(new Platform);
    platform->windowed_width_ = options.width;
    platform->windowed_height_ = options.height;
    platform->fullscreen_ = !options.windowed;
    platform->window_ = options.windowed
                            ? glfwCreateWindow(options.width, options.height, "Kiosk", nullptr, nullptr)
                            : glfwCreateWindow(mode->width, mode->height, "Kiosk", monitor, nullptr);
    if (!platform->window_) {
        glfwTerminate();
        return fail("cannot create an OpenGL 3.3 window on this display");
    }
    glfwMakeContextCurrent(platform->window_);
    glfwSwapInterval(options.vsync ? 1 : 0);
    if (mode && mode->refreshRate > 0)
        platform->frame_interval_ = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(1.0 / mode->refreshRate));

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.IniFilename = nullptr;  // the layout is fixed; nothing is written to the working directory
    platform->scale_ = display_scale(monitor);
    auto fonts = load_fonts(config, platform->scale_);
    if (!fonts) {
        ImGui::DestroyContext();
        glfwDestroyWindow(platform->window_);
        glfwTerminate();
        return std::unexpected(fonts.error());
    }
    platform->fonts_ = *fonts;
    apply_theme(platform->scale_);
    ImGui_ImplGlfw_InitForOpenGL(platform->window_, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    return platform;
}

Platform::~Platform() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window_);
    glfwTerminate();
}

void Platform::begin_frame() {
    frame_started_ = std::chrono::steady_clock::now();
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
}

bool Platform::end_frame(cv::Mat* capture) {
    ImGui::Render();
    const bool changed = redraw_.changed(*ImGui::GetDrawData());
    if (!changed && !capture && !draw_every_frame_) {
        const std::chrono::duration<double> left = frame_started_ + frame_interval_ - std::chrono::steady_clock::now();
        if (left.count() > 0) glfwWaitEventsTimeout(left.count());
        return false;
    }
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(colour::background.x, colour::background.y, colour::background.z, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (capture) {
        cv::Mat pixels(height, width, CV_8UC3);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadBuffer(GL_BACK);
        glReadPixels(0, 0, width, height, GL_BGR, GL_UNSIGNED_BYTE, pixels.data);
        cv::flip(pixels, *capture, 0);  // OpenGL's first row is the bottom one
    }
    glfwSwapBuffers(window_);
    return true;
}

bool Platform::take_close_request() {
    if (!glfwWindowShouldClose(window_)) return false;
    glfwSetWindowShouldClose(window_, GLFW_FALSE);
    return true;
}

void Platform::set_fullscreen(bool on) {
    if (on == fullscreen_) return;
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    if (on)
        glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    else
        glfwSetWindowMonitor(window_, nullptr, 80, 80, windowed_width_, windowed_height_, GLFW_DONT_CARE);
    fullscreen_ = on;
}

}  // namespace kiosk::ui
