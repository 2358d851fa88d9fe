#include "app/liveness_run.h"

#include "media/paced_source.h"
#include "media/source_spec.h"
#include "session/step_runners.h"

namespace kiosk::app {

LivenessRun::LivenessRun(std::string source, media::SourceOptions opening, session::ConsentPermit permit,
                         std::uint64_t seed) :
    source_(std::move(source)), opening_(std::move(opening)), latest_(std::make_shared<LivenessSnapshot>()) {
    thread_ = std::thread([this, permit = std::move(permit), seed] { run(permit, seed); });
}

LivenessRun::~LivenessRun() {
    stopping_ = true;
    thread_.join();
}

std::shared_ptr<const LivenessSnapshot> LivenessRun::snapshot() const { return latest_.load(); }

void LivenessRun::publish(std::shared_ptr<const LivenessSnapshot> next) { latest_.store(std::move(next)); }

void LivenessRun::run(session::ConsentPermit permit, std::uint64_t seed) {
    auto finish = [&](session::StepOutcome outcome) {
        auto last = std::make_shared<LivenessSnapshot>(*snapshot());
        last->outcome = std::move(outcome);
        publish(std::move(last));
    };
    auto spec = media::parse_source_spec(source_);
    if (!spec) return finish(session::skipped(session::step_id::liveness, "the camera source is not usable: " + spec.error().message));
    auto opened = media::open_source(source_, opening_);
    if (!opened) return finish(session::skipped(session::step_id::liveness, "the camera did not open: " + opened.error().message));
    std::unique_ptr<media::FrameSource> source = std::move(*opened);
    // A recording plays at its own speed, as the person in front of a camera would.
    if (!media::is_live(spec->kind)) source = std::make_unique<media::PacedSource>(std::move(source));
    std::int64_t shown = 0;
    session::LivenessOptions options;
    options.seed = seed;
    auto outcome = session::check_liveness(permit, *source, source_, options, [&](const session::LivenessView& view) {
        auto next = std::make_shared<LivenessSnapshot>();
        next->video.state = VideoSnapshot::State::running;
        next->video.frame = view.frame;
        next->video.frame_index = view.frame.empty() ? -1 : shown++;
        next->video.face = view.face;
        next->instruction = view.instruction;
        next->seconds_left = view.seconds_left;
        publish(std::move(next));
        return !stopping_;
    });
    finish(std::move(outcome));
}

}  // namespace kiosk::app
