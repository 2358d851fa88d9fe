#include "vision/analyzer.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <opencv2/imgproc.hpp>

#include "vision/checks.h"
#include "vision/head_pose.h"
#include "vision/swap_crop.h"

namespace vision {
namespace {

constexpr int min_frames_per_second = 5;  // a timeline second needs this many scored frames for a score

// Share of 6x6 cells of the 24x24 appearance that moved far from the reference appearance.
double occlusion_against(const cv::Mat& appearance, const cv::Mat& reference) {
    if (reference.empty()) return 0;
    cv::Mat diff = cv::abs(appearance - reference);
    int changed = 0;
    for (int y = 0; y < 24; y += 6)
        for (int x = 0; x < 24; x += 6)
            if (cv::mean(diff(cv::Rect(x, y, 6, 6)))[0] > 0.03) ++changed;
    return changed / 16.0;
}

std::vector<media::Signal> instant_signals(const FrameMeasures& m, double swap_probability) {
    return {{"boundary.color", m.chroma_mismatch, 1, "cheek vs forehead skin tone"},
            {"sharpness.mismatch", m.sharpness_ratio, 1, "inner face vs outline sharpness"},
            {"noise.mismatch", m.noise_ratio, 1, "inner face vs outline noise"},
            {"spectral.fingerprint", m.spectral_ratio, 1, "inner face vs forehead spectrum"},
            {"pose.inconsistency", m.pose_delta_deg, 1, "inner vs whole-face pose"},
            {"learned.swap", swap_probability, 1, "learned swap detector"}};
}

}  // namespace

struct Analyzer::State {
    AnalyzerOptions options;
    FaceTracker tracker;
    SwapDetector swap;
    IdentityEmbedder identity;
    std::deque<IdentityFrame> identity_frames;  // inside the window; in memory only, never stored
    double last_identity_t = -1e9;
    bool challenge_active = false;
    cv::Mat previous_gray;
    cv::Mat reference_appearance;
    std::optional<double> first_time;
    std::deque<FaceSample> samples;          // scored frames inside the window
    std::map<int, TimelineEntry> timeline;   // by second
    std::map<std::string, int> skip_reasons;
    std::vector<FaceSample> current_second;  // scored frames of the second being filled
    media::StreamSignals stream;
    std::int64_t frames = 0, frames_with_face = 0, frames_scored = 0;

    State(AnalyzerOptions o, FaceTracker t, SwapDetector d, IdentityEmbedder e)
        : options(std::move(o)), tracker(std::move(t)), swap(std::move(d)), identity(std::move(e)), stream(options.stream) {}

    // Embeds the face when the sampling interval (dense during challenges) has passed.
    void sample_identity(const cv::Mat& bgr, const Landmarks& landmarks, const FrameReport& report) {
        if (report.t - last_identity_t < (challenge_active ? identity_challenge_interval_s : identity_interval_s)) return;
        last_identity_t = report.t;
        identity_frames.push_back({report.t, identity.embed(bgr, landmarks), report.pose.whole.yaw_deg, challenge_active});
        while (identity_frames.front().t < report.t - options.window_seconds) identity_frames.pop_front();
    }

    void close_second(int second) {
        auto& entry = timeline[second];
        entry.second = second;
        if (static_cast<int>(current_second.size()) >= min_frames_per_second) entry.score = swap_score(current_second);
        current_second.clear();
    }
};

kiosk::Result<Analyzer> Analyzer::create(AnalyzerOptions options) {
    auto tracker = FaceTracker::create(options.tracker);
    if (!tracker) return std::unexpected(tracker.error());
    auto swap = SwapDetector::builtin();
    if (!swap) return std::unexpected(swap.error());
    auto identity = IdentityEmbedder::load();
    if (!identity) return std::unexpected(identity.error());
    return Analyzer(
        std::make_unique<State>(std::move(options), std::move(*tracker), std::move(*swap), std::move(*identity)));
}

Analyzer::Analyzer(std::unique_ptr<State> state) : state_(std::move(state)) {}
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;
Analyzer::~Analyzer() = default;

FrameReport Analyzer::process(const media::Frame& frame) {
    auto& s = *state_;
    FrameReport report;
    report.index = frame.index;
    double raw_t = std::isfinite(frame.pts_seconds) ? frame.pts_seconds
                                                     : static_cast<double>(frame.index) / s.options.nominal_fps;
    if (!s.first_time) s.first_time = raw_t;
    report.t = raw_t - *s.first_time;
    int second = static_cast<int>(std::floor(report.t));
    if (!s.timeline.empty() && second > s.timeline.rbegin()->first) s.close_second(s.timeline.rbegin()->first);
    auto& entry = s.timeline[second];
    entry.second = second;
    ++entry.frames;
    ++s.frames;

    auto skip = [&](std::string why) {
        report.quality.skip_reason = why;
        ++s.skip_reasons[why];
        return report;
    };
    if (frame.bgr.empty() || frame.bgr.type() != CV_8UC3) return skip("not an 8-bit colour frame");
    try {
        s.stream.feed(frame);
    } catch (const std::exception& e) {
        ++s.skip_reasons[std::string("stream check error: ") + e.what()];
    }

    cv::Mat gray;
    try {
        cv::cvtColor(frame.bgr, gray, cv::COLOR_BGR2GRAY);
        auto previous = s.previous_gray;
        s.previous_gray = gray;
        auto face = s.tracker.track(gray);
        if (!face) return skip("no face found");
        report.has_face = true;
        report.box = face->box;
        report.landmarks = face->landmarks;
        ++entry.frames_with_face;
        ++s.frames_with_face;

        report.pose = estimate_pose(face->landmarks, gray.size());
        // On a YuNet track (a profile or tilted head) the 68-point fit loses the far side of the face;
        // YuNet's five points still give the yaw that the turn challenge and the quality gate need.
        if (face->detector == FaceDetector::yunet && face->five_point_yaw_deg)
            report.pose.whole.yaw_deg = *face->five_point_yaw_deg;
        auto& q = report.quality;
        q.face_px = inter_ocular(face->landmarks);
        if (q.face_px < s.options.min_face_px) return skip("face too small");
        if (!report.pose.whole.valid) return skip("head pose not measurable");
        if (std::abs(report.pose.whole.yaw_deg) > s.options.max_yaw_deg ||
            std::abs(report.pose.whole.pitch_deg) > s.options.max_pitch_deg)
            return skip("face turned too far");

        auto m = measure_frame(frame.bgr, gray, previous, face->box, face->landmarks, report.pose);
        report.skin_bgr = (m.forehead_bgr + m.left_cheek_bgr + m.right_cheek_bgr) / 3.0;
        q.blur = m.crop_blur;
        q.brightness = m.core_brightness;
        q.occlusion = occlusion_against(m.appearance, s.reference_appearance);
        if (q.blur < s.options.min_blur) return skip("face too blurred");
        if (q.brightness < 35 || q.brightness > 225) return skip("face badly exposed");
        if (q.occlusion > s.options.max_occlusion) return skip("face occluded");
        // The reference follows slow changes (light, expression) but not an occluding hand.
        if (s.reference_appearance.empty()) s.reference_appearance = m.appearance.clone();
        else cv::addWeighted(s.reference_appearance, 0.95, m.appearance, 0.05, 0, s.reference_appearance);

        q.usable = true;
        const double swap_probability = s.swap.score(cut_swap_crop(frame.bgr, face->landmarks).bgr);
        report.signals = instant_signals(m, swap_probability);
        s.sample_identity(frame.bgr, face->landmarks, report);
        FaceSample sample{frame.index, report.t, q.face_px, swap_probability, std::move(m)};
        s.current_second.push_back(sample);
        s.samples.push_back(std::move(sample));
        while (!s.samples.empty() && s.samples.front().t < report.t - s.options.window_seconds) s.samples.pop_front();
        ++s.frames_scored;
    } catch (const std::exception& e) {
        // OpenCV and dlib errors end this frame's analysis, not the stream's.
        return skip(std::string("analysis error: ") + e.what());
    }
    return report;
}

Assessment Analyzer::assessment() const {
    const auto& s = *state_;
    Assessment a;
    a.frames = s.frames;
    a.frames_with_face = s.frames_with_face;
    a.frames_scored = s.frames_scored;
    std::vector<FaceSample> window(s.samples.begin(), s.samples.end());
    a.signals = run_checks(window);
    // The stream's injection signals are read first: they corroborate a fail-level face score.
    std::vector<media::Signal> stream_signals = s.stream.results();
    for (const auto& signal : stream_signals) {
        const auto* descriptor = media::StreamSignals::find(signal.id);
        if (descriptor && media::is_suspicious(*descriptor, signal)) a.stream_suspicions.push_back(signal.explanation);
    }
    for (const auto& t : s.timeline) {
        auto entry = t.second;
        if (&t == &*s.timeline.rbegin() && static_cast<int>(s.current_second.size()) >= min_frames_per_second)
            entry.score = swap_score(s.current_second);
        a.timeline.push_back(entry);
    }
    a.score = swap_score(window);
    const auto identity = identity_jump(std::vector<IdentityFrame>(s.identity_frames.begin(), s.identity_frames.end()));
    a.identity_jumped = identity.confidence >= 0.5 && identity.value >= identity_jump_threshold;
    a.signals.push_back(identity);
    if (static_cast<int>(window.size()) < s.options.min_face_frames) {
        std::string why = "no frames";
        int most = 0;
        for (const auto& [reason, count] : s.skip_reasons)
            if (count > most) most = count, why = reason;
        a.reason = "no usable face: " + std::to_string(window.size()) + " of " + std::to_string(s.frames) +
                   " frames could be scored (most often: " + why + ")";
    } else {
        // Evidence only: what the score means for the person is the session policy's to say.
        a.cleared = a.score < s.swap.card().clear_below;
        char score[16];
        std::snprintf(score, sizeof score, "%.2f", a.score);
        const auto clear_below = std::to_string(s.swap.card().clear_below).substr(0, 5);
        a.reason = "the learned swap detector scores this face " + std::string(score) +
                   (a.cleared ? ", inside its validated clear region (below " + clear_below + ")"
                              : ", outside its validated clear region (below " + clear_below + ")");
    }
    std::move(stream_signals.begin(), stream_signals.end(), std::back_inserter(a.signals));
    // Injection evidence from the stream itself does not need a face.
    if (!a.stream_suspicions.empty()) a.reason += "; stream: " + a.stream_suspicions.front();
    if (a.identity_jumped) a.reason += "; identity: " + identity.explanation;
    return a;
}

void Analyzer::mark_challenge(bool active) { state_->challenge_active = active; }

std::vector<FaceSample> Analyzer::scored_samples() const {
    return {state_->samples.begin(), state_->samples.end()};
}

}  // namespace vision
