// The screens, one file each. Each draws from the controller's state and calls its actions; what
// only the screen needs (text being typed, which row is open) lives in the screen's form.
#pragma once
#include <optional>
#include <string>

#include "ui/region_picker.h"
#include "ui/video_view.h"
#include "ui/widgets.h"

namespace kiosk::ui {

struct SignInForm {
    std::string name, pin;
};
void draw_sign_in(Ui& ui, SignInForm& form);
// The PIN prompt over any screen when quitting or leaving fullscreen.
void draw_gate(Ui& ui, SignInForm& form);

void draw_home(Ui& ui);

// The end of both workflows: the recommendation, then the human's confirm or override with a reason.
struct DecisionForm {
    std::string reason;
    int override_verdict = 1;  // 0 pass, 1 review, 2 fail
};
void draw_decision(Ui& ui, DecisionForm& form, std::string& message,
                   const std::optional<session::Recommendation>& recommendation, session::Workflow workflow);
void draw_recorded(Ui& ui, const std::string& session_id, const std::optional<session::Verdict>& decision,
                   session::Workflow workflow);

struct InterviewForm {
    std::string file, url;
    RegionPickerForm region;
    DecisionForm decision;
    std::string message;
    VideoView video;
};
void draw_interview(Ui& ui, InterviewForm& form);

struct HandoffForm {
    DecisionForm decision;
    std::string message;
    std::string skip_reason;  // why the liveness check is skipped
    VideoView liveness_video;
};
void draw_handoff(Ui& ui, HandoffForm& form);

struct ReviewForm {
    ReviewFilter filter;
    std::string export_dir = "/tmp/kiosk-export";
    std::string purge_before, purge_reason = "retention period ended";
    std::string message;
};
void draw_review(Ui& ui, ReviewForm& form);

}  // namespace kiosk::ui
