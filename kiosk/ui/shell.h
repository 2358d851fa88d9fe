// One frame of the kiosk: the top bar (screen tabs, operator, quit), the open screen, the PIN prompt,
// and the keyboard shortcuts that work everywhere.
#pragma once
#include <chrono>

#include "ui/platform.h"
#include "ui/screens.h"

namespace kiosk::ui {

class Shell {
public:
    Shell(Controller& controller, Platform& platform);

    // Draws one frame; returns false once quitting was granted.
    bool frame();

private:
    void top_bar(Ui& ui);
    void shortcuts();

    Controller& controller_;
    Platform& platform_;
    SignInForm sign_in_;
    SignInForm gate_;
    InterviewForm interview_;
    HandoffForm handoff_;
    ReviewForm review_;
};

// Renders frames until `done()` or `timeout`; false on timeout or when quitting was granted.
template <typename Done>
bool render_until(Shell& shell, Platform& platform, Done done, std::chrono::milliseconds timeout) {
    const auto give_up = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < give_up) {
        platform.begin_frame();
        const bool running = shell.frame();
        platform.end_frame();
        if (!running) return false;
        if (done()) return true;
    }
    return false;
}

}  // namespace kiosk::ui
