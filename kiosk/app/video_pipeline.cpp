#include "app/video_pipeline.h"

#include <chrono>
#include <deque>
#include <future>

#include "app/thread_priority.h"
#include "media/capture_thread.h"
#include "media/frame_mailbox.h"
#include "media/frame_source.h"
#include "media/paced_source.h"
#include "media/source_spec.h"
#include "session/source_options.h"
#include "session/step_runners.h"

namespace kiosk::app {
namespace {

using Clock = std::chrono::steady_clock;

// Growth per second of a running count over the last two seconds.
class RateMeter {
public:
    double update(Clock::time_point now, std::int64_t count) {
        samples_.emplace_back(now, count);
        while (samples_.size() > 2 && now - samples_.front().first > std::chrono::seconds(2)) samples_.pop_front();
        const double span = std::chrono::duration<double>(now - samples_.front().first).count();
        return span > 0 ? static_cast<double>(count - samples_.front().second) / span : 0;
    }

private:
    std::deque<std::pair<Clock::time_point, std::int64_t>> samples_;
};

constexpr std::size_t history_length = 300;
constexpr std::int64_t assess_every = 10;  // frames between assessments (each looks at the whole window)

void remember(std::map<std::string, std::vector<float>>& history, const std::string& id, double value) {
    auto& series = history[id];
    if (series.size() == history_length) series.erase(series.begin());
    series.push_back(static_cast<float>(value));
}

// The analyser as the session records it (policy thresholds, model version), or why there is none.
kiosk::Result<std::pair<vision::Analyzer, std::shared_ptr<const session::AnalysisSetup>>> make_analyzer(
    const Config& config, const std::string& source, double nominal_fps) {
    auto setup = session::analysis_setup(config, source, nominal_fps);
    if (!setup) return fail("Deepfake analysis is not available: " + setup.error().message);
    auto analyzer = vision::Analyzer::create(setup->options);
    if (!analyzer) return std::unexpected(analyzer.error());
    return std::pair{std::move(*analyzer), std::make_shared<const session::AnalysisSetup>(std::move(*setup))};
}

constexpr vision::ChallengeKind every_challenge[] = {
    vision::ChallengeKind::turn_left,   vision::ChallengeKind::turn_right, vision::ChallengeKind::tilt_down,
    vision::ChallengeKind::hand_across, vision::ChallengeKind::follow_dot, vision::ChallengeKind::color_flash};

}  // namespace

session::StepOutcome analysis_outcome(const VideoSnapshot& snapshot, std::string_view source) {
    if (!snapshot.analysis_available || !snapshot.setup || !snapshot.assessment)
        return session::skipped(session::step_id::deepfake_analysis,
                                snapshot.analysis_problem.empty() ? "no frame was analysed" : snapshot.analysis_problem);
    return session::analysis_outcome(*snapshot.assessment, *snapshot.setup, source);
}

VideoPipeline::VideoPipeline(std::string source, const Config& config) :
    source_(std::move(source)), config_(config), latest_(std::make_shared<VideoSnapshot>()) {
    thread_ = std::thread([this] { run(); });
}

VideoPipeline::~VideoPipeline() {
    stopping_ = true;
    thread_.join();
}

std::shared_ptr<const VideoSnapshot> VideoPipeline::snapshot() const { return latest_.load(); }

void VideoPipeline::publish(std::shared_ptr<const VideoSnapshot> next) { latest_.store(std::move(next)); }

void VideoPipeline::run() {
    // Analysis yields to the UI thread when the CPU is short: the screen must keep its refresh rate.
    lower_thread_priority();  // capture, model loading and analysis inherit it
    auto state = std::make_shared<VideoSnapshot>();
    auto fail_with = [&](std::string message) {
        state->state = VideoSnapshot::State::failed;
        state->message = std::move(message);
        publish(std::make_shared<VideoSnapshot>(*state));
    };
    auto spec = media::parse_source_spec(source_);
    if (!spec) return fail_with(spec.error().message);
    auto opened = media::open_source(source_, session::source_options(config_));
    if (!opened) return fail_with(opened.error().message);
    std::unique_ptr<media::FrameSource> source = std::move(*opened);
    if (!media::is_live(spec->kind)) source = std::make_unique<media::PacedSource>(std::move(source));
    state->description = source->describe();
    state->state = VideoSnapshot::State::running;
    // Loading the face models takes seconds; the video shows meanwhile.
    auto loading = std::async(std::launch::async, make_analyzer, std::cref(config_), std::cref(source_), source->nominal_fps());
    std::optional<vision::Analyzer> analyzer;
    state->analysis_loading = true;
    state->analysis_problem = "Loading the face models…";
    publish(std::make_shared<VideoSnapshot>(*state));
    RateMeter analysis_rate;
    std::int64_t analysed = 0;
    double challenge_t0 = 0;

    media::FrameMailbox mailbox;
    media::CaptureThread capture(std::move(source), mailbox);
    RateMeter capture_rate;
    while (!stopping_) {
        auto frame = mailbox.take(std::chrono::milliseconds(50));
        if (!frame) {
            if (!mailbox.closed()) continue;
            const auto error = capture.error();
            state->state = error ? VideoSnapshot::State::failed : VideoSnapshot::State::ended;
            state->message = error ? error->message : "the recording ended";
            publish(std::make_shared<VideoSnapshot>(*state));
            return;
        }
        const auto now = Clock::now();
        state->capture_fps = capture_rate.update(now, mailbox.posted());
        state->frame = frame->bgr;  // the capture side never touches a frame after posting it
        state->frame_index = frame->index;
        state->dropped = mailbox.dropped();
        if (loading.valid() && loading.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
            state->analysis_loading = false;
            if (auto made = loading.get()) {
                analyzer.emplace(std::move(made->first));
                state->setup = std::move(made->second);
                state->analysis_available = true;
                state->analysis_problem.clear();
            } else {
                state->analysis_problem = made.error().message;
            }
        }
        if (analyzer) {
            try {
                analyzer->mark_challenge(state->challenges && !state->challenges->finished());
                const auto report = analyzer->process(*frame);
                state->face = report.has_face ? std::optional<cv::Rect>(report.box) : std::nullopt;
                state->landmarks.assign(report.has_face ? report.landmarks.begin() : report.landmarks.end(),
                                        report.landmarks.end());
                if (const auto seed = challenge_seed_.exchange(0)) {
                    state->challenges.emplace(std::vector(std::begin(every_challenge), std::end(every_challenge)), seed);
                    state->challenge_origin = now;
                    challenge_t0 = report.t;
                }
                if (state->challenges && !state->challenges->finished())
                    state->challenges->observe(vision::observation_from(report, challenge_t0));
                state->analysis_fps = analysis_rate.update(Clock::now(), ++analysed);
                if (analysed % assess_every == 0) {
                    state->assessment = analyzer->assessment();
                    const auto outcome = session::analysis_outcome(*state->assessment, *state->setup, source_);
                    state->judged = state->setup->policy.judge_evidence({&outcome, 1});
                    remember(state->history, "score", state->assessment->score);
                    for (const auto& signal : state->assessment->signals) remember(state->history, signal.id, signal.value);
                }
            } catch (const std::exception& error) {  // a library exception ends the analysis, not the video
                analyzer.reset();
                state->analysis_available = false;
                state->analysis_problem = std::string("the analysis stopped: ") + error.what();
            }
        }
        publish(std::make_shared<VideoSnapshot>(*state));
    }
    capture.stop();
}

}  // namespace kiosk::app
