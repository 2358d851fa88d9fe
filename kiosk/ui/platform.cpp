#include "ui/platform.h"

#define GL_GLEXT_PROTOTYPES
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <opencv2/core.hpp>

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

}  // namespace

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
