// What the kiosk is doing, apart from how it is drawn: who is signed in, which screen is open, and
// each workflow's progress as a state machine whose actions write the session to the ledger.
// The screens call these actions; the walk-through tests call the same ones without a window.
#pragma once
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/background.h"
#include "app/host_scan.h"
#include "app/liveness_run.h"
#include "app/video_pipeline.h"
#include "core/config.h"
#include "core/result.h"
#include "host/camera_judge.h"
#include "ledger/correlate.h"
#include "ledger/ledger.h"
#include "ledger/verify.h"
#include "session/handoff_flow.h"
#include "session/interview_flow.h"
#include "ui/operators.h"
#include "ui/screen_region.h"
#include "ui/sign_in.h"

namespace kiosk::ui {

struct AppContext {
    Config config = Config::defaults();
    std::string root = "/";               // --root for host inspection
    std::optional<std::string> data_dir;  // --data-dir for the ledger
    std::string source;                   // the interview source offered first ("" = [ui] default_source)
};

enum class Screen { sign_in, home, interview, handoff, review };

// One line of the kiosk's own health on the home screen.
struct HealthItem {
    std::string label;
    std::string detail;
    bool ok = false;
};

enum class InterviewStep { source, consent, live, decision, done };
enum class HandoffStep { inspect, liveness, sign_off, done };

struct InterviewState {
    InterviewStep step = InterviewStep::source;
    std::string source;
    std::string subject;
    std::string session;  // ledger session id once consent is recorded
    std::optional<session::Recommendation> recommendation;
    std::optional<session::Verdict> decision;
    std::string message;  // the last problem, in plain language ("" when none)
    std::string working;  // what is being recorded off the UI thread right now ("" when nothing)
};

// A camera the interview can use, with the verdict `kiosk camera` gives it.
struct CameraChoice {
    std::string device, name;
    host::CameraVerdict verdict = host::CameraVerdict::unknown;
    std::string explanation;
};

struct CameraList {
    bool listing = false;  // being probed and judged off the UI thread
    bool listed = false;
    std::vector<CameraChoice> cameras;
    std::string message;  // why the cameras could not be listed
};

// The region picker: a still of the X screen on which the call window's region is drawn.
struct ScreenPreview {
    bool open = false;        // the picker is showing
    bool grabbing = false;    // the still is being taken off the UI thread
    cv::Mat image;            // BGR, as grabbed
    cv::Rect area;            // the X screen area the still shows
    std::int64_t grabs = 0;   // completed grabs, so a texture knows when to upload
    cv::Rect selection;       // the chosen region, in X screen pixels (empty: none yet)
    std::string message;      // why the grab failed
};

struct HandoffState {
    HandoffStep step = HandoffStep::inspect;
    std::string subject;
    std::string session;
    std::string camera;  // the source the liveness check reads ("" when there is none)
    std::optional<session::StepOutcome> liveness;  // once measured or skipped
    std::optional<session::Recommendation> recommendation;
    std::optional<session::Verdict> decision;
    std::vector<std::string> changes_recorded;  // the machine's changes recorded into the open session
    std::string message;
    std::string working;  // what is being recorded off the UI thread right now ("" when nothing)
};

struct ReviewFilter {
    std::string workflow, verdict, operator_name, subject, since;  // "" = any
};

struct ReviewState {
    ReviewFilter filter;
    // Where the sessions come from: the fleet store when one is configured ([fleet] url or
    // KIOSK_FLEET_URL; its sessions are named SIGNER/SESSION), else this kiosk's ledger.
    std::string source;
    std::vector<ledger::SessionSummary> sessions;
    std::string selected;  // session id
    std::vector<ledger::StoredRecord> records;
    std::optional<ledger::VerifyReport> verification;
    // Sessions of different subjects that share a KVM, an EDID serial or a LAN neighbourhood.
    std::vector<ledger::CorrelationGroup> groups;
    std::string groups_problem;  // why the fingerprints could not be read ("" when they were)
    std::string message;         // the last problem
    std::string notice;          // the last export or purge, in plain language
    std::string working;         // what is being read or written off the UI thread right now
};

class Controller {
public:
    // `accounts` come from operators::accounts(config); the app refuses to start on a bad entry.
    Controller(AppContext context, std::vector<operators::Account> accounts);
    ~Controller();
    Controller(const Controller&) = delete;
    Controller& operator=(const Controller&) = delete;

    // Collects what the worker threads finished (sign-in checks, host scans). Call once per frame.
    void tick();

    const Config& config() const { return context_.config; }
    const AppContext& context() const { return context_; }
    Screen screen() const { return screen_; }
    void open(Screen screen);

    // --- operators: with none configured the kiosk runs unlocked as "unregistered"
    bool has_operators() const { return sign_in_.has_operators(); }
    const std::string& operator_name() const { return sign_in_.operator_name(); }
    void sign_in(const std::string& name, const std::string& pin) { sign_in_.sign_in(name, pin); }
    void continue_unregistered();  // only when no operators exist
    void sign_out();
    bool checking_pin() const { return sign_in_.checking_pin(); }
    const std::string& sign_in_message() const { return sign_in_.message(); }

    // --- quitting and leaving fullscreen need an operator's PIN (granted at once when none exist)
    void request(Gate gate) { sign_in_.request(gate); }
    std::optional<Gate> pending_gate() const { return sign_in_.pending_gate(); }
    void unlock(const std::string& name, const std::string& pin) { sign_in_.unlock(name, pin); }
    void cancel_gate() { sign_in_.cancel_gate(); }
    // The gate whose PIN was accepted, once.
    std::optional<Gate> take_granted() { return sign_in_.take_granted(); }

    const std::vector<HealthItem>& health() const { return health_; }
    void refresh_health();

    // --- interview check
    const InterviewState& interview() const { return interview_; }
    void choose_source(const std::string& source);
    void set_interview_subject(const std::string& subject);
    Result<void> to_consent();      // needs a source and a subject reference
    Result<void> give_consent();    // starts the session, records consent, then the video
    Result<void> decline_consent(); // ends the session; nothing was analysed
    std::shared_ptr<const app::VideoSnapshot> video() const;
    Result<void> start_challenges();  // a randomised run of every active challenge
    Result<void> finish_analysis(); // records the steps and the recommendation
    Result<void> decide_interview(const session::Decision& decision);
    void new_interview();
    // The cameras with their authenticity verdicts, judged off the UI thread (refreshed on request).
    const CameraList& cameras() const { return cameras_; }
    void list_cameras();
    // The region picker: opens with a still of `desktop` (the X screen area, grabbed off the UI
    // thread); the operator selects the call window's region on it; use_region() makes it the source.
    const ScreenPreview& screen_preview() const { return screen_preview_; }
    void open_region_picker(const cv::Rect& desktop);
    void select_region(const cv::Rect& region);  // X screen pixels, clipped to the still's area
    Result<void> use_region();
    void close_region_picker();
    // [policy] consent_notice: shown before consent, its hash recorded with it ("" when not configured).
    std::string consent_notice() const;

    // --- device handoff
    const HandoffState& handoff() const { return handoff_; }
    const app::HostScan& host() const { return host_; }
    void rescan();
    void set_handoff_subject(const std::string& subject);
    // Starts the session and records the inspection (scanned again, as it is now) with the camera
    // judgement and the device fingerprint; then the liveness check is due.
    Result<void> record_inspection();
    // What the liveness check can read: --source when given, then the machine's cameras (none under --root).
    std::vector<std::string> liveness_cameras() const;
    void choose_liveness_camera(const std::string& source);
    // Records the person's consent, then runs the check on its own thread; its outcome is recorded
    // when it ends, followed by the recommendation.
    Result<void> start_liveness();
    Result<void> skip_liveness(const std::string& reason);
    std::shared_ptr<const app::LivenessSnapshot> liveness() const;  // while the check runs
    Result<void> sign_off(const session::Decision& decision);
    void new_handoff();

    // --- session review
    const ReviewState& review() const { return review_; }
    void set_filter(const ReviewFilter& filter);
    void refresh_sessions();
    void select_session(const std::string& id);
    void verify_ledger();
    // Both report in review().notice once done; an error here is one found before any work.
    Result<void> export_selected(const std::filesystem::path& dir);
    Result<void> purge_before(const std::string& date, const std::string& reason);

    // Seconds since the last input, for the idle sign-out; the screens report input here.
    void note_input() { last_input_ = std::chrono::steady_clock::now(); }

    // Background work (ledger writes, camera probes) is queued or not yet applied.
    bool busy() const { return background_.busy(); }
    // Waits for the background work and applies it: for tests and scripted runs, never from a frame.
    void settle() { background_.settle(); }
    // A background job that failed with an exception the kiosk did not expect ("" when none).
    const std::string& problem() const { return problem_; }

private:
    Result<ledger::Ledger*> open_ledger();
    std::string push_to_fleet();  // on the worker
    // The review's reads from the fleet store (on the worker).
    struct FleetReview {
        std::string source, problem, groups_problem;
        std::vector<ledger::SessionSummary> sessions;
        std::vector<ledger::CorrelationGroup> groups;
    };
    std::optional<FleetReview> read_fleet(const ledger::SessionFilter& filter);
    Result<std::vector<ledger::StoredRecord>> fleet_session_records(const std::string& id);
    std::string read_fleet_problem_;  // worker only
    // Runs `work` on the background worker and shows `working` on `state` (interview_, handoff_ or
    // review_) until the Apply it returns has run on the UI thread. `run` is the interview's or the
    // handoff's generation: the state's last message is cleared now, and the Apply is dropped if a
    // new run started meanwhile. The review (nullptr) keeps its last problem until a job replaces it.
    template <typename State>
    void post(State& state, const std::uint64_t* run, std::string working, app::Background::Job work);
    // The person's decision, with the operator's name, recorded and the session ended by a post();
    // then `state` holds the verdict and is at step `done`.
    template <typename State, typename FlowPtr, typename Step>
    Result<void> post_decision(State& state, const std::uint64_t* run, FlowPtr flow, session::Decision decision,
                               std::string working, Step done);
    void record_liveness(session::StepOutcome outcome);
    void collect_liveness();
    void record_host_changes();

    AppContext context_;
    Screen screen_ = Screen::sign_in;
    SignIn sign_in_;
    std::vector<HealthItem> health_;
    std::chrono::steady_clock::time_point last_input_ = std::chrono::steady_clock::now();

    std::optional<ledger::Ledger> ledger_;

    InterviewState interview_;
    std::uint64_t interview_generation_ = 0;  // bumped by new_interview: late results of the old one are dropped
    std::shared_ptr<session::InterviewFlow> interview_flow_;  // used by background jobs only, once started
    std::unique_ptr<app::VideoPipeline> video_;
    std::shared_ptr<const app::VideoSnapshot> final_video_;     // the last frame while the results are recorded
    CameraList cameras_;
    ScreenPreview screen_preview_;

    HandoffState handoff_;
    std::uint64_t handoff_generation_ = 0;  // bumped by new_handoff: late results of the old one are dropped
    std::shared_ptr<session::HandoffFlow> handoff_flow_;  // used by background jobs only, once started
    int host_scans_seen_ = 0;  // host_ scans up to the one the inspection recorded or the last change recorded
    std::unique_ptr<app::LivenessRun> liveness_;
    app::HostScan host_;

    ReviewState review_;

    std::string problem_;
    // Last: destroyed first, so queued jobs finish while the ledger and the sessions still exist.
    // The ledger (ledger_) is opened and used only by its jobs.
    app::Background background_{[this](const std::string& message) { problem_ = message; }};
};

std::string_view to_string(Screen screen);

}  // namespace kiosk::ui
