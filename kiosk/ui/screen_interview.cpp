// Interview check: source and candidate, consent, live analysis, the recruiter's decision.
#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cstdio>

#include "ui/platform.h"
#include "ui/screens.h"

namespace kiosk::ui {
namespace {

void show_error(const Result<void>& result, std::string& message) {
    message = result ? std::string{} : result.error().message;
}

void source_picker(Ui& ui, InterviewForm& form, std::string& message) {
    auto& controller = ui.controller;
    const auto& interview = controller.interview();
    if (controller.screen_preview().open) return draw_region_picker(ui, form.region, message);
    const float column = ImGui::GetContentRegionAvail().x * 0.5f - ImGui::GetStyle().ItemSpacing.x;

    begin_panel("sources", {column, -1});
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted("Cameras");
    ImGui::PopFont();
    const auto& cameras = controller.cameras();
    if (cameras.listing) {
        text_coloured(colour::muted, "Probing the cameras…");
    } else if (!cameras.message.empty()) {
        text_coloured(colour::fail, cameras.message);
    } else if (cameras.listed && cameras.cameras.empty()) {
        text_coloured(colour::muted, "No camera on this machine.");
    }
    for (const auto& camera : cameras.cameras) {
        badge(upper(host::to_string(camera.verdict)), verdict_colour(camera.verdict));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", camera.explanation.c_str());
        ImGui::SameLine();
        const std::string label = camera.device + "  " + camera.name;
        if (ImGui::Selectable(label.c_str(), interview.source == camera.device)) controller.choose_source(camera.device);
    }
    if (!cameras.listing && ImGui::Button("Check the cameras again")) controller.list_cameras();
    ImGui::Separator();
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted("Screen region (the call's video tile)");
    ImGui::PopFont();
    if (action_button("Pick the region on the screen…  (R)", Key::r)) controller.open_region_picker(desktop_area());
    ImGui::SameLine();
    text_coloured(colour::muted, "for a call in a browser or a meeting app on this machine");
    ImGui::Separator();
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted("Network stream");
    ImGui::PopFont();
    ImGui::SetNextItemWidth(column * 0.7f);
    text_field("##url", form.url, ImGuiInputTextFlags_CharsNoBlank);
    ImGui::SameLine();
    if (ImGui::Button("Use URL") && !form.url.empty()) controller.choose_source(form.url);
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted("Recording");
    ImGui::PopFont();
    ImGui::SetNextItemWidth(column * 0.7f);
    text_field("##file", form.file);
    ImGui::SameLine();
    if (ImGui::Button("Use file") && !form.file.empty()) controller.choose_source(form.file);
    ImGui::EndChild();

    ImGui::SameLine();
    begin_panel("candidate", {0, -1});
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted("Source");
    ImGui::PopFont();
    text_coloured(interview.source.empty() ? colour::review : colour::accent,
                  interview.source.empty() ? "none chosen yet" : interview.source);
    ImGui::Spacing();
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted("Candidate reference (from the HR system; no names)");
    ImGui::PopFont();
    std::string subject = interview.subject;
    ImGui::SetNextItemWidth(-1);
    // Enter in the field continues too, as it would in any form.
    const bool entered = text_field("##subject", subject, ImGuiInputTextFlags_EnterReturnsTrue);
    controller.set_interview_subject(subject);
    ImGui::Spacing();
    if (action_button("Continue to consent  (Enter)", Key::enter, -1) || entered)
        show_error(controller.to_consent(), message);
    ImGui::EndChild();
}

void consent(Ui& ui, std::string& message) {
    auto& controller = ui.controller;
    begin_panel("consent", {-1, -1});
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextUnformatted("Read this to the candidate");
    ImGui::PopFont();
    ImGui::PushFont(ui.fonts.title);
    text_coloured(colour::text, controller.consent_notice());
    ImGui::PopFont();
    ImGui::Spacing();
    text_coloured(colour::muted, "Nothing is analysed before consent is recorded. Declining is recorded too, "
                                 "and ends the check.");
    ImGui::Spacing();
    if (action_button("The candidate consents  (Y)", Key::y)) {
        show_error(controller.give_consent(), message);
    }
    ImGui::SameLine();
    if (action_button("The candidate declines  (N)", Key::n)) {
        show_error(controller.decline_consent(), message);
    }
    ImGui::EndChild();
}

void plot(const app::VideoSnapshot& video, const std::string& id, float height, float low, float high) {
    if (auto found = video.history.find(id); found != video.history.end() && !found->second.empty())
        ImGui::PlotLines(("##plot" + id).c_str(), found->second.data(), static_cast<int>(found->second.size()), 0,
                         nullptr, low, high, {-1, height});
}

void signal_panel(Ui& ui, const app::VideoSnapshot& video) {
    ImGui::PushFont(ui.fonts.title);
    ImGui::TextUnformatted("Running verdict");
    ImGui::PopFont();
    if (!video.analysis_available) {
        notice(video.analysis_problem.empty() ? "Deepfake analysis is not available in this build"
                                              : video.analysis_problem);
        text_coloured(colour::muted, "No verdict is shown without an analysis: the kiosk never guesses.");
        return;
    }
    if (!video.assessment) {
        text_coloured(colour::muted, "Collecting frames…");
        return;
    }
    const auto& assessment = *video.assessment;
    ImGui::PushFont(ui.fonts.title);
    const auto verdict = video.judged ? video.judged->verdict : Verdict::review;
    badge(upper(to_string(verdict)), verdict_colour(verdict));
    ImGui::PopFont();
    char detail[96];
    std::snprintf(detail, sizeof detail, "manipulation score %.2f   (%lld of %lld frames scored)", assessment.score,
                  static_cast<long long>(assessment.frames_scored), static_cast<long long>(assessment.frames));
    gauge("", assessment.score, 1, detail);
    plot(video, "score", 56 * ui.scale, 0, 1);
    text_coloured(colour::text, assessment.reason);
    for (const auto& suspicion : assessment.stream_suspicions) text_coloured(colour::review, "• " + suspicion);
    ImGui::Separator();
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted("Signals");
    ImGui::PopFont();
    ImGui::BeginChild("signal-list", {0, 0}, false);
    for (const auto& signal : assessment.signals) {
        ImGui::Text("%s  %.3g", signal.id.c_str(), signal.value);
        ImGui::SameLine();
        text_coloured(colour::muted, "confidence " + std::to_string(static_cast<int>(signal.confidence * 100)) + "%");
        if (ImGui::IsItemHovered() && !signal.explanation.empty()) ImGui::SetTooltip("%s", signal.explanation.c_str());
        plot(video, signal.id, 36 * ui.scale, FLT_MAX, FLT_MAX);
    }
    ImGui::EndChild();
}

// The prompt, countdown, moving dot and colour flash of the current challenge, over the whole screen.
void challenge_overlay(Ui& ui, const app::VideoSnapshot& video) {
    if (!video.challenges || video.challenges->finished()) return;
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - video.challenge_origin).count();
    const auto display = video.challenges->display(t);
    auto* draw = ImGui::GetForegroundDrawList();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const ImVec2 origin = viewport->Pos, size = viewport->Size;
    if (display.screen_bgr) {
        const auto& bgr = *display.screen_bgr;
        draw->AddRectFilled(origin, {origin.x + size.x, origin.y + size.y},
                            IM_COL32(static_cast<int>(bgr[2]), static_cast<int>(bgr[1]), static_cast<int>(bgr[0]), 255));
    }
    if (display.prompt) {
        const std::string prompt(vision::challenge_prompt(*display.prompt));
        double remaining = 0;
        for (const auto& step : video.challenges->plan())
            if (step.kind == *display.prompt && t >= step.start && t < step.end()) remaining = step.end() - t;
        const std::string countdown = std::to_string(static_cast<int>(remaining + 0.99)) + " s";
        ImFont* font = ui.fonts.huge;
        const ImVec2 text_size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, prompt.c_str());
        const ImVec2 at{origin.x + (size.x - text_size.x) / 2, origin.y + size.y * 0.12f};
        draw->AddRectFilled({at.x - 30, at.y - 20}, {at.x + text_size.x + 30, at.y + text_size.y * 2.2f + 20},
                            IM_COL32(10, 12, 16, 220), 12);
        draw->AddText(font, font->FontSize, at, IM_COL32(255, 255, 255, 255), prompt.c_str());
        draw->AddText(font, font->FontSize, {at.x, at.y + text_size.y * 1.1f}, ImGui::GetColorU32(colour::review),
                      countdown.c_str());
    }
    if (display.dot) {
        const ImVec2 centre{origin.x + static_cast<float>(display.dot->x) * size.x,
                            origin.y + static_cast<float>(display.dot->y) * size.y};
        draw->AddCircleFilled(centre, 28 * ui.scale, ImGui::GetColorU32(colour::review));
        draw->AddCircle(centre, 34 * ui.scale, IM_COL32(255, 255, 255, 255), 0, 4);
    }
}

void challenge_panel(Ui& ui, const app::VideoSnapshot& video, std::string& message) {
    ImGui::PushFont(ui.fonts.bold);
    ImGui::TextUnformatted("Active challenges");
    ImGui::PopFont();
    if (!video.analysis_available) {
        text_coloured(colour::muted, "Active challenges need the analysis.");
        return;
    }
    if (!video.challenges) {
        ImGui::SameLine();
        if (action_button("Start the challenges  (S)", Key::s)) {
            auto started = ui.controller.start_challenges();
            message = started ? "" : started.error().message;
        }
        return;
    }
    for (const auto& result : video.challenges->results()) {
        badge(upper(result.outcome), verdict_colour(result.outcome == "pass" ? Verdict::pass : Verdict::fail));
        ImGui::SameLine();
        ImGui::TextUnformatted(std::string(vision::challenge_prompt(result.kind)).c_str());
        ImGui::SameLine();
        text_coloured(colour::muted, result.detail);
    }
    if (!video.challenges->finished())
        text_coloured(colour::muted, std::to_string(video.challenges->results().size()) + " of " +
                                         std::to_string(video.challenges->plan().size()) + " done");
}

void live(Ui& ui, InterviewForm& form, std::string& message) {
    auto& controller = ui.controller;
    const auto video = controller.video();
    const float video_width = ImGui::GetContentRegionAvail().x * 0.62f;
    begin_panel("video", {video_width, -1});
    if (video) {
        const float footer = ImGui::GetTextLineHeightWithSpacing() * 6.5f;
        form.video.draw(*video, {ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y - footer});
        if (video->state == app::VideoSnapshot::State::opening) text_coloured(colour::muted, "Opening " + controller.interview().source + "…");
        if (video->state == app::VideoSnapshot::State::failed) text_coloured(colour::fail, video->message);
        if (video->state == app::VideoSnapshot::State::ended) text_coloured(colour::muted, video->message);
        text_coloured(colour::muted, video->description);
        ImGui::Text("source %.1f frames/s   analysed %.1f frames/s   frames the analyser skipped %lld",
                    video->capture_fps, video->analysis_fps, static_cast<long long>(video->dropped));
        challenge_panel(ui, *video, message);
        if (controller.interview().working.empty()) challenge_overlay(ui, *video);
    }
    ImGui::EndChild();
    ImGui::SameLine();
    begin_panel("signals", {0, -1});
    if (video) signal_panel(ui, *video);
    ImGui::Spacing();
    if (action_button("Finish and recommend  (F)", Key::f, -1)) {
        show_error(controller.finish_analysis(), message);
    }
    ImGui::EndChild();
}

}  // namespace

void draw_interview(Ui& ui, InterviewForm& form) {
    const auto& interview = ui.controller.interview();
    std::string& message = form.message;
    constexpr const char* steps[] = {"1 Source", "2 Consent", "3 Live analysis", "4 Decision", "5 Recorded"};
    heading(ui, "Interview check", "Is the face on this stream a live, unmanipulated person?");
    for (int index = 0; index < 5; ++index) {
        if (index) ImGui::SameLine();
        const bool current = index == static_cast<int>(interview.step);
        text_coloured(current ? colour::accent : colour::muted, steps[index]);
    }
    // What is being recorded off the UI thread, else the last problem (refused at once, or reported later).
    if (!interview.working.empty())
        text_coloured(colour::accent, interview.working);
    else if (!message.empty())
        text_coloured(colour::fail, message);
    else if (!interview.message.empty())
        text_coloured(colour::fail, interview.message);
    switch (interview.step) {
        case InterviewStep::source: source_picker(ui, form, message); break;
        case InterviewStep::consent: consent(ui, message); break;
        case InterviewStep::live: live(ui, form, message); break;
        case InterviewStep::decision:
            draw_decision(ui, form.decision, message, interview.recommendation, session::Workflow::interview);
            break;
        case InterviewStep::done:
            draw_recorded(ui, interview.session, interview.decision, session::Workflow::interview);
            break;
    }
}

}  // namespace kiosk::ui
