#include "ui/controller.h"

#include <algorithm>
#include <memory>
#include <random>
#include <type_traits>

#include "host/camera_evidence.h"
#include "host/camera_judge.h"
#include "host/rules.h"
#include "ledger/correlate.h"
#include "ledger/export.h"
#include "fleet/push.h"
#include "fleet/review.h"
#include "fleet/url.h"
#include "ledger/record.h"
#include "media/frame_source.h"
#include "session/source_options.h"
#include "session/step_runners.h"

namespace kiosk::ui {
namespace {

std::optional<std::string> given(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return text;
}

// Every camera under `root` with the verdict `kiosk camera` gives it (probing live devices at "/").
CameraList judge_cameras(const std::string& root) {
    CameraList list;
    list.listed = true;
    try {
        auto cameras = host::gather_cameras({root, ""});
        if (!cameras) {
            list.message = cameras.error().message;
            return list;
        }
        for (const auto& evidence : *cameras) {
            const auto report = host::judge_camera(evidence);
            list.cameras.push_back({report.device, report.name, report.verdict, report.explanation});
        }
    } catch (const std::exception& error) {  // a device that misbehaves while probed
        list.message = std::string("the camera probe failed: ") + error.what();
    }
    return list;
}

// One frame of an X screen area, taken through media's screen source (x11grab).
Result<cv::Mat> grab_screen_frame(const std::string& spec) {
    media::SourceOptions options;
    options.reconnect = false;  // one still: a missing display is an error, not a wait
    auto source = media::open_source(spec, options);
    if (!source) return std::unexpected(source.error());
    auto frame = (*source)->next();
    if (!frame) return std::unexpected(frame.error());
    if (!*frame) return fail("the screen gave no picture");
    return (*frame)->bgr;
}

// The Apply for a background job's result: an error becomes the screen state's message, a value
// (or success) goes to `use`, on the UI thread.
template <typename State, typename T, typename Use>
app::Background::Apply or_message(State& state, Result<T> result, Use use) {
    return [&state, result = std::move(result), use = std::move(use)] {
        if (!result) {
            state.message = result.error().message;
            return;
        }
        if constexpr (std::is_void_v<T>) use();
        else use(*result);
    };
}

// Destroys `owned` (a video pipeline, a liveness run) on the worker, which joins its threads: the UI
// never waits for them.
template <typename T>
void release_on(app::Background& worker, std::unique_ptr<T> owned) {
    if (!owned) return;
    worker.post([owned = std::shared_ptr<T>(std::move(owned))]() mutable -> app::Background::Apply {
        owned.reset();
        return {};
    });
}

}  // namespace

std::string_view to_string(Screen screen) {
    switch (screen) {
        case Screen::sign_in: return "sign-in";
        case Screen::home: return "home";
        case Screen::interview: return "interview";
        case Screen::handoff: return "handoff";
        case Screen::review: return "review";
    }
    return "home";
}

Controller::Controller(AppContext context, std::vector<operators::Account> accounts) :
    context_(std::move(context)), sign_in_(std::move(accounts)), host_(context_.root, context_.config) {
    interview_.source = context_.source.empty() ? context_.config.string("ui.default_source") : context_.source;
    refresh_health();
}

Controller::~Controller() = default;

void Controller::tick() {
    background_.apply_finished();
    collect_liveness();
    record_host_changes();
    if (sign_in_.collect()) open(Screen::home);
    const auto idle_limit = context_.config.integer("ui.idle_sign_out_seconds");
    if (idle_limit > 0 && has_operators() && sign_in_.state() == SignIn::State::signed_in &&
        std::chrono::steady_clock::now() - last_input_ > std::chrono::seconds(idle_limit))
        sign_out();
}

void Controller::open(Screen screen) {
    if (screen != Screen::sign_in && sign_in_.state() != SignIn::State::signed_in) return;  // every workflow needs someone signed in
    screen_ = screen;
    if (screen == Screen::home) refresh_health();
    if (screen == Screen::interview && !cameras_.listed) list_cameras();
    if (screen == Screen::handoff && host_.snapshot()->state == app::HostSnapshot::State::idle) host_.start();
    if (screen == Screen::review) refresh_sessions();
}

// --- operators

void Controller::continue_unregistered() {
    if (sign_in_.continue_unregistered()) open(Screen::home);
}

void Controller::sign_out() {
    sign_in_.sign_out();
    new_interview();
    new_handoff();
    screen_ = Screen::sign_in;
}

// --- background work

template <typename State>
void Controller::post(State& state, const std::uint64_t* run, std::string working, app::Background::Job work) {
    state.working = std::move(working);
    if (run) state.message.clear();
    const std::uint64_t posted_in = run ? *run : 0;
    background_.post([&state, run, posted_in, work = std::move(work)]() -> app::Background::Apply {
        auto apply = work();
        return [&state, run, posted_in, apply = std::move(apply)] {
            if (run && *run != posted_in) return;  // a new interview or handoff started meanwhile
            state.working.clear();
            apply();
        };
    });
}

template <typename State, typename FlowPtr, typename Step>
Result<void> Controller::post_decision(State& state, const std::uint64_t* run, FlowPtr flow, session::Decision decision,
                                       std::string working, Step done) {
    decision.by = operator_name();
    // Checked here too, so a missing reason is said at once rather than after a round trip.
    if (auto checked = session::check_decision(decision); !checked) return checked;
    post(state, run, std::move(working), [this, &state, flow, decision, done]() -> app::Background::Apply {
        auto finished = flow->finish(decision);
        const auto fleet = finished ? push_to_fleet() : std::string{};
        return or_message(state, std::move(finished), [&state, done, fleet](const session::Finished& ended) {
            state.decision = ended.decision;
            state.step = done;
            state.message = ended.unsealed ? ended.unsealed->message : fleet;
        });
    });
    return {};
}

// The ledger to the fleet store, when one is configured, once a session has ended: what went wrong
// in plain language ("" when it went, or when no fleet is configured). Nothing is lost locally.
std::string Controller::push_to_fleet() {
    auto opened = open_ledger();
    if (!opened) return "";
    auto pushed = fleet::push_to_configured(context_.config, **opened);
    if (pushed) return "";
    return "Recorded here, but not sent to the fleet store: " + pushed.error().message + " (the next session sends it)";
}

// --- health

Result<ledger::Ledger*> Controller::open_ledger() {
    if (ledger_) return &*ledger_;
    auto options = ledger::options_from(context_.config, context_.data_dir);
    if (!options) return std::unexpected(options.error());
    auto opened = ledger::Ledger::open(*options);
    if (!opened) return std::unexpected(opened.error());
    ledger_.emplace(std::move(*opened));
    return &*ledger_;
}

// Opens the ledger and loads the rules, so it runs on the worker.
void Controller::refresh_health() {
    background_.post([this]() -> app::Background::Apply {
        std::vector<HealthItem> health;
        const auto host = host_.snapshot();
        if (host->state == app::HostSnapshot::State::done) {
            const auto& cameras = host->inventory.value("cameras", nlohmann::json::array());
            health.push_back({"Camera", std::to_string(cameras.size()) + " camera(s) found", !cameras.empty()});
        } else if (host->state == app::HostSnapshot::State::failed) {
            health.push_back({"Camera", host->message, false});
        } else {
            health.push_back({"Camera", "not inspected yet (open Device handoff or re-scan)", false});
        }
        auto opened = open_ledger();
        if (!opened) {
            health.push_back({"Ledger", opened.error().message, false});
            health.push_back({"Signing key", "unknown: the ledger did not open", false});
        } else {
            auto size = (*opened)->size();
            health.push_back({"Ledger", size ? std::to_string(*size) + " records in " + (*opened)->data_dir().string()
                                             : size.error().message,
                              size.has_value()});
            auto key = (*opened)->public_key();
            health.push_back({"Signing key", key ? "key id " + key->key_id_hex() : key.error().message, key.has_value()});
        }
        auto rules = host::RuleSet::load(context_.config.string("scan.rules_dir"));
        health.push_back({"Rules", rules ? "version " + rules->version().substr(0, 16) + " (" +
                                               std::to_string(rules->rules().size()) + " rules)"
                                         : rules.error().message,
                          rules.has_value()});
        return [this, health = std::move(health)] { health_ = health; };
    });
}

// --- interview

std::string Controller::consent_notice() const {
    const auto* notice = context_.config.node("policy.consent_notice");
    return notice ? notice->value_or(std::string{}) : std::string{};
}

void Controller::choose_source(const std::string& source) {
    if (interview_.step == InterviewStep::source) interview_.source = source;
}

void Controller::set_interview_subject(const std::string& subject) {
    if (interview_.step == InterviewStep::source) interview_.subject = subject;
}

Result<void> Controller::to_consent() {
    if (!interview_.working.empty()) return fail("wait: " + interview_.working);
    if (interview_.step != InterviewStep::source) return fail("the source is already chosen");
    if (interview_.source.empty()) return fail("choose a video source first");
    if (interview_.subject.empty()) return fail("enter the candidate's reference first");
    if (consent_notice().empty()) return fail("no consent notice is configured ([policy] consent_notice)");
    post(interview_, &interview_generation_, "Recording the source checks…",
         [this, source = interview_.source, subject = interview_.subject, operator_name = operator_name()]() -> app::Background::Apply {
        auto started = [&]() -> Result<std::shared_ptr<session::InterviewFlow>> {
            auto opened = open_ledger();
            if (!opened) return std::unexpected(opened.error());
            // What the source is and what camera is behind it, read without analysing a frame.
            auto flow = session::InterviewFlow::start(**opened, context_.config, {operator_name, subject, source, context_.root});
            if (!flow) return std::unexpected(flow.error());
            return std::make_shared<session::InterviewFlow>(std::move(*flow));
        }();
        return or_message(interview_, std::move(started), [this](const auto& flow) {
            interview_flow_ = flow;
            interview_.session = flow->id();
            interview_.step = InterviewStep::consent;
        });
    });
    return {};
}

Result<void> Controller::give_consent() {
    if (!interview_.working.empty()) return fail("wait: " + interview_.working);
    if (interview_.step != InterviewStep::consent || !interview_flow_) return fail("consent is asked after choosing the source");
    post(interview_, &interview_generation_, "Recording the consent…",
         [this, flow = interview_flow_, subject = interview_.subject]() -> app::Background::Apply {
        return or_message(interview_, flow->give_consent(consent_notice(), subject), [this](const session::ConsentPermit&) {
            video_ = std::make_unique<app::VideoPipeline>(interview_.source, context_.config);
            interview_.step = InterviewStep::live;
        });
    });
    return {};
}

Result<void> Controller::decline_consent() {
    if (!interview_.working.empty()) return fail("wait: " + interview_.working);
    if (interview_.step != InterviewStep::consent || !interview_flow_) return fail("nothing to decline");
    post(interview_, &interview_generation_, "Recording that consent was declined…",
         [this, flow = interview_flow_]() -> app::Background::Apply {
        auto declined = flow->decline_consent();
        const auto fleet = declined ? push_to_fleet() : std::string{};
        return or_message(interview_, std::move(declined), [this, fleet] {
            interview_flow_.reset();
            interview_.step = InterviewStep::done;
            interview_.message = fleet;
        });
    });
    return {};
}

Result<void> Controller::start_challenges() {
    if (interview_.step != InterviewStep::live || !video_) return fail("challenges run during the live analysis");
    const auto snapshot = video_->snapshot();
    if (!snapshot->analysis_available) return fail("challenges need the analysis: " + snapshot->analysis_problem);
    if (snapshot->challenges) return fail("the challenges already ran in this check");
    video_->start_challenges(std::random_device{}() | 1u);
    return {};
}

std::shared_ptr<const app::VideoSnapshot> Controller::video() const { return video_ ? video_->snapshot() : final_video_; }

Result<void> Controller::finish_analysis() {
    if (!interview_.working.empty()) return fail("wait: " + interview_.working);
    if (interview_.step != InterviewStep::live || !interview_flow_ || !video_) return fail("no analysis is running");
    final_video_ = video_->snapshot();
    // Stopping the pipeline waits for its threads (and for face models still loading): the worker
    // does that, then records the results.
    std::shared_ptr<app::VideoPipeline> pipeline = std::move(video_);
    post(interview_, &interview_generation_, "Stopping the analysis and recording the results…",
         [this, pipeline, flow = interview_flow_, snapshot = final_video_,
          source = interview_.source]() mutable -> app::Background::Apply {
             pipeline.reset();
             auto recommendation = [&]() -> Result<session::Recommendation> {
                 if (auto recorded = flow->record_analysis(app::analysis_outcome(*snapshot, source)); !recorded)
                     return std::unexpected(recorded.error());
                 if (snapshot->challenges)
                     if (auto recorded = flow->record_challenges(*snapshot->challenges); !recorded)
                         return std::unexpected(recorded.error());
                 return flow->recommend("the recruiter did not run the active challenges");
             }();
             return or_message(interview_, std::move(recommendation), [this](const auto& made) {
                 interview_.recommendation = made;
                 interview_.step = InterviewStep::decision;
             });
         });
    return {};
}

Result<void> Controller::decide_interview(const session::Decision& decision) {
    if (!interview_.working.empty()) return fail("wait: " + interview_.working);
    if (interview_.step != InterviewStep::decision || !interview_flow_) return fail("there is nothing to decide yet");
    return post_decision(interview_, &interview_generation_, interview_flow_, decision, "Recording the decision…",
                         InterviewStep::done);
}

void Controller::new_interview() {
    ++interview_generation_;
    release_on(background_, std::move(video_));
    final_video_.reset();
    interview_flow_.reset();
    const auto source = interview_.source;
    interview_ = InterviewState{};
    interview_.source = source;
}

void Controller::list_cameras() {
    if (cameras_.listing) return;
    cameras_.listing = true;
    background_.post([root = context_.root, this]() -> app::Background::Apply {
        auto list = judge_cameras(root);
        return [this, list = std::move(list)] { cameras_ = list; };
    });
}

void Controller::open_region_picker(const cv::Rect& desktop) {
    if (interview_.step != InterviewStep::source || screen_preview_.grabbing) return;
    screen_preview_.open = true;
    screen_preview_.grabbing = true;
    screen_preview_.message.clear();
    background_.post([this, desktop]() -> app::Background::Apply {
        auto grabbed = grab_screen_frame(region_source(desktop));
        return [this, grabbed, desktop] {
            screen_preview_.grabbing = false;
            if (!grabbed) {
                screen_preview_.message = "The screen could not be captured: " + grabbed.error().message;
                return;
            }
            screen_preview_.image = *grabbed;
            screen_preview_.area = desktop;
            screen_preview_.selection &= desktop;
            ++screen_preview_.grabs;
        };
    });
}

void Controller::select_region(const cv::Rect& region) { screen_preview_.selection = region & screen_preview_.area; }

Result<void> Controller::use_region() {
    if (screen_preview_.selection.empty()) return fail("draw the call window's region on the screen picture first");
    choose_source(region_source(screen_preview_.selection));
    screen_preview_.open = false;
    return {};
}

void Controller::close_region_picker() { screen_preview_.open = false; }

// --- handoff

void Controller::rescan() { host_.start(); }

void Controller::set_handoff_subject(const std::string& subject) {
    if (handoff_.step == HandoffStep::inspect) handoff_.subject = subject;
}

std::vector<std::string> Controller::liveness_cameras() const {
    std::vector<std::string> sources;
    if (!context_.source.empty()) sources.push_back(context_.source);
    // Under --root the cameras listed are the tree's, not devices this kiosk can open.
    if (context_.root != "/") return sources;
    const auto host = host_.snapshot();
    for (const auto& camera : host->inventory.value("cameras", nlohmann::json::array()))
        if (camera.contains("node") && camera["node"].is_string()) sources.push_back("/dev/" + camera["node"].get<std::string>());
    return sources;
}

Result<void> Controller::record_inspection() {
    if (!handoff_.working.empty()) return fail("wait: " + handoff_.working);
    if (handoff_.step != HandoffStep::inspect) return fail("the inspection is already recorded");
    if (handoff_.subject.empty()) return fail("enter the laptop's or the person's reference first");
    if (host_.snapshot()->state == app::HostSnapshot::State::running) return fail("wait for the scan to finish");
    const auto cameras = liveness_cameras();
    post(handoff_, &handoff_generation_, "Inspecting the machine and recording the inspection…",
         [this, subject = handoff_.subject, operator_name = operator_name()]() -> app::Background::Apply {
             auto started = [&]() -> Result<std::shared_ptr<session::HandoffFlow>> {
                 auto opened = open_ledger();
                 if (!opened) return std::unexpected(opened.error());
                 auto flow = session::HandoffFlow::start(**opened, context_.config, {operator_name, subject, context_.root});
                 if (!flow) return std::unexpected(flow.error());
                 return std::make_shared<session::HandoffFlow>(std::move(*flow));
             }();
             return or_message(handoff_, std::move(started), [this](const auto& flow) {
                 handoff_flow_ = flow;
                 handoff_.session = flow->id();
                 handoff_.step = HandoffStep::liveness;
             });
         });
    // Changes after this scan are recorded into the session (record_host_changes).
    host_scans_seen_ = host_.snapshot()->scans;
    if (!cameras.empty()) handoff_.camera = cameras.front();
    return {};
}

void Controller::choose_liveness_camera(const std::string& source) {
    if (handoff_.step == HandoffStep::liveness && !liveness_) handoff_.camera = source;
}

Result<void> Controller::start_liveness() {
    if (!handoff_.working.empty()) return fail("wait: " + handoff_.working);
    if (handoff_.step != HandoffStep::liveness || !handoff_flow_ || liveness_) return fail("the liveness check is not due");
    if (handoff_.camera.empty()) return fail("no camera to check with: skip the check and say why");
    if (consent_notice().empty()) return fail("no consent notice is configured ([policy] consent_notice)");
    post(handoff_, &handoff_generation_, "Recording the person's consent…",
         [this, flow = handoff_flow_, subject = handoff_.subject, camera = handoff_.camera]() -> app::Background::Apply {
        return or_message(handoff_, flow->give_consent(consent_notice(), subject), [this, camera](const auto& given_permit) {
            liveness_ = std::make_unique<app::LivenessRun>(camera, session::source_options(context_.config), given_permit,
                                                           std::random_device{}() | 1u);
        });
    });
    return {};
}

Result<void> Controller::skip_liveness(const std::string& reason) {
    if (!handoff_.working.empty()) return fail("wait: " + handoff_.working);
    if (handoff_.step != HandoffStep::liveness || !handoff_flow_ || liveness_) return fail("the liveness check is not due");
    if (reason.empty()) return fail("say why the liveness check is skipped");
    record_liveness(session::skipped(session::step_id::liveness, reason));
    return {};
}

std::shared_ptr<const app::LivenessSnapshot> Controller::liveness() const { return liveness_ ? liveness_->snapshot() : nullptr; }

// The liveness outcome (measured or skipped), then the recommendation over every step.
void Controller::record_liveness(session::StepOutcome outcome) {
    handoff_.liveness = outcome;
    post(handoff_, &handoff_generation_, "Recording the liveness check…",
         [this, flow = handoff_flow_, outcome = std::move(outcome)]() -> app::Background::Apply {
        return or_message(handoff_, flow->record_liveness(outcome), [this](const auto& made) {
            handoff_.recommendation = made;
            handoff_.step = HandoffStep::sign_off;
        });
    });
}

// A device plugged in or out while the handoff's session is open (before the sign-off) is shown by
// the re-scan and recorded: the flow inspects the machine again into the session.
void Controller::record_host_changes() {
    const bool open = handoff_.step == HandoffStep::liveness || handoff_.step == HandoffStep::sign_off;
    if (!open || !handoff_flow_ || !handoff_.working.empty()) return;
    const auto host = host_.snapshot();
    if (host->scans <= host_scans_seen_) return;
    host_scans_seen_ = host->scans;
    if (host->changes.empty() && host->new_findings.empty()) return;
    post(handoff_, &handoff_generation_, "Recording the change of the machine…",
         [this, flow = handoff_flow_, what = host->trigger]() -> app::Background::Apply {
        return or_message(handoff_, flow->reinspect(what), [this, flow, what] {
            handoff_.changes_recorded.push_back(what);
            if (flow->recommendation()) handoff_.recommendation = flow->recommendation();
        });
    });
}

Result<void> Controller::sign_off(const session::Decision& decision) {
    if (!handoff_.working.empty()) return fail("wait: " + handoff_.working);
    if (handoff_.step != HandoffStep::sign_off || !handoff_flow_) return fail("record the inspection first");
    return post_decision(handoff_, &handoff_generation_, handoff_flow_, decision, "Recording the sign-off…",
                         HandoffStep::done);
}

void Controller::new_handoff() {
    ++handoff_generation_;
    release_on(background_, std::move(liveness_));
    handoff_flow_.reset();
    handoff_ = HandoffState{};
}

// A finished liveness check is recorded once; its thread is joined on the worker.
void Controller::collect_liveness() {
    if (!liveness_) return;
    const auto snapshot = liveness_->snapshot();
    if (!snapshot->outcome) return;
    release_on(background_, std::move(liveness_));
    record_liveness(*snapshot->outcome);
}

// --- review

// The fleet store's sessions and groups when one is configured and answers; nullopt to read this
// kiosk's ledger instead (read_fleet_problem_ then says why, when a configured store did not answer).
std::optional<Controller::FleetReview> Controller::read_fleet(const ledger::SessionFilter& filter) {
    read_fleet_problem_.clear();
    const auto url = fleet::configured_url(context_.config, std::nullopt);
    if (!url) return std::nullopt;
    auto connection = fleet::pg::Connection::open(*url);
    if (!connection) {
        read_fleet_problem_ = " (the fleet store did not answer: " + connection.error().message + ")";
        return std::nullopt;
    }
    FleetReview read;
    read.source = "the fleet store";
    if (auto sessions = fleet::fleet_sessions(*connection, filter)) {
        for (auto& held : *sessions) {
            held.summary.id = fleet::qualified_id(held.signer, held.summary.id);
            read.sessions.push_back(std::move(held.summary));
        }
    } else {
        read.problem = sessions.error().message;
    }
    if (auto fingerprints = fleet::fleet_fingerprints(*connection)) read.groups = ledger::correlate(*fingerprints);
    else read.groups_problem = fingerprints.error().message;
    return read;
}

Result<std::vector<ledger::StoredRecord>> Controller::fleet_session_records(const std::string& id) {
    const auto url = fleet::configured_url(context_.config, std::nullopt);
    if (!url) return fail("no fleet store is configured for session " + id);
    auto connection = fleet::pg::Connection::open(*url);
    if (!connection) return std::unexpected(connection.error());
    auto held = fleet::fleet_session(*connection, id);
    if (!held) return std::unexpected(held.error());
    if (held->empty()) return fail(ErrorKind::not_found, "the fleet store holds no session " + id);
    return std::move(held->front().records);
}

void Controller::set_filter(const ReviewFilter& filter) {
    review_.filter = filter;
    refresh_sessions();
}

// The sessions the filter lets through, and the groups of sessions that share a device across
// different subjects (over the whole ledger: a farm hides in no date range).
void Controller::refresh_sessions() {
    ledger::SessionFilter filter{given(review_.filter.workflow), given(review_.filter.subject),
                                 given(review_.filter.operator_name), given(review_.filter.verdict), std::nullopt};
    if (!review_.filter.since.empty()) {
        auto since = ledger::normalise_date(review_.filter.since);
        if (!since) {
            review_.message = since.error().message;
            return;
        }
        filter.since = *since;
    }
    post(review_, nullptr, "Reading the sessions…", [this, filter]() -> app::Background::Apply {
        if (auto read = read_fleet(filter))
            return [this, read = std::move(*read)] {
                review_.source = read.source;
                review_.message = read.problem;
                review_.sessions = read.sessions;
                review_.groups = read.groups;
                review_.groups_problem = read.groups_problem;
            };
        const auto fleet_problem = read_fleet_problem_;
        auto opened = open_ledger();
        if (!opened) return [this, problem = opened.error().message] { review_.message = problem; };
        auto sessions = (*opened)->sessions(filter);
        std::vector<ledger::CorrelationGroup> groups;
        std::string groups_problem;
        if (auto fingerprints = ledger::session_fingerprints(**opened))
            groups = ledger::correlate(*fingerprints);
        else
            groups_problem = fingerprints.error().message;
        return [this, sessions = std::move(sessions), groups = std::move(groups), groups_problem, fleet_problem] {
            review_.source = "this kiosk's ledger" + fleet_problem;
            review_.groups = groups;
            review_.groups_problem = groups_problem;
            if (!sessions) {
                review_.message = sessions.error().message;
                return;
            }
            review_.sessions = *sessions;
            review_.message.clear();
        };
    });
}

void Controller::select_session(const std::string& id) {
    post(review_, nullptr, "Reading the session…", [this, id]() -> app::Background::Apply {
        auto records = [&]() -> Result<std::vector<ledger::StoredRecord>> {
            if (fleet::is_qualified(id)) return fleet_session_records(id);
            auto opened = open_ledger();
            if (!opened) return std::unexpected(opened.error());
            return (*opened)->session_records(id);
        }();
        return or_message(review_, std::move(records), [this, id](const auto& read) {
            review_.selected = id;
            review_.records = read;
        });
    });
}

void Controller::verify_ledger() {
    post(review_, nullptr, "Verifying the ledger…", [this]() -> app::Background::Apply {
        auto opened = open_ledger();
        if (!opened) return [this, problem = opened.error().message] { review_.message = problem; };
        return [this, report = ledger::verify_ledger(**opened)] { review_.verification = report; };
    });
}

Result<void> Controller::export_selected(const std::filesystem::path& dir) {
    if (review_.selected.empty()) return fail("select a session to export");
    if (fleet::is_qualified(review_.selected))
        return fail("a fleet session is exported on the kiosk that recorded it; kiosk fleet verify checks the store");
    post(review_, nullptr, "Exporting the session…", [this, id = review_.selected, dir]() -> app::Background::Apply {
        auto exported = [&]() -> Result<std::filesystem::path> {
            auto opened = open_ledger();
            if (!opened) return std::unexpected(opened.error());
            auto bundle = ledger::export_session(**opened, id, dir);
            if (!bundle) return std::unexpected(bundle.error());
            return bundle->dir;
        }();
        return [this, exported] {
            review_.notice = exported ? "Exported to " + exported->string() + " (README.txt there lists the auditor's commands)"
                                      : exported.error().message;
        };
    });
    return {};
}

Result<void> Controller::purge_before(const std::string& date, const std::string& reason) {
    auto before = ledger::normalise_date(date);
    if (!before) return std::unexpected(before.error());
    post(review_, nullptr, "Purging…", [this, before = *before, reason]() -> app::Background::Apply {
        auto purged = [&]() -> Result<ledger::PurgeResult> {
            auto opened = open_ledger();
            if (!opened) return std::unexpected(opened.error());
            return (*opened)->purge_before(before, reason);
        }();
        return [this, purged] {
            review_.notice = purged ? "Purged " + std::to_string(purged->sessions.size()) + " sessions (" +
                                          std::to_string(purged->records) + " records)"
                                    : purged.error().message;
            if (purged) refresh_sessions();
        };
    });
    return {};
}

}  // namespace kiosk::ui
