// The device handoff and the session review through the controller the screens drive (no window):
// live hot-plug on a copied fixture tree, the liveness step, IT's sign-off, and the review's groups
// of sessions for different subjects that share a device.
#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

#include "ledger/ledger.h"
#include "ledger/record.h"
#include "support.h"
#include "ui/controller.h"
#include "controller_test_support.h"
#include "ui_test_support.h"

using namespace kiosk;
using namespace kiosk::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// The bodies of a session's records of `type`, in ledger order.
std::vector<nlohmann::json> bodies(const ledger::Ledger& ledger, const std::string& session, std::string_view type) {
    std::vector<nlohmann::json> found;
    const auto records = ledger.session_records(session);
    REQUIRE(records);
    for (const auto& stored : *records)
        if (stored.type == type) found.push_back(ledger::parse_record_line(stored.line).value().body);
    return found;
}

nlohmann::json step_body(const ledger::Ledger& ledger, const std::string& session, std::string_view step) {
    for (auto& body : bodies(ledger, session, "session.step"))
        if (body.value("step", "") == step) return body;
    return nullptr;
}

fs::path host_fixture(std::string_view name) { return test::fixtures() / "host" / name; }

// A writable copy of a fixture tree (its sysfs links stay links).
fs::path copy_fixture(const test::TempDir& dir, std::string_view name) {
    const auto root = dir / ("root-" + std::string(name));
    fs::copy(host_fixture(name), root, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    return root;
}

constexpr const char* pikvm_links[] = {"1-1", "1-1:1.0", "1-1:1.1", "1-1:1.2", "1-1:1.3"};
const fs::path usb1 = "sys/devices/pci0000:00/0000:00:14.0/usb1";

// Plugs the PiKVM v4's USB gadget into port 1-1 of `root`: its device directory, then its bus links.
void plug_pikvm(const fs::path& root) {
    fs::copy(host_fixture("pikvm_v4") / usb1 / "1-1", root / usb1 / "1-1", fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    for (const char* link : pikvm_links)
        fs::copy_symlink(host_fixture("pikvm_v4") / "sys/bus/usb/devices" / link, root / "sys/bus/usb/devices" / link);
}

void unplug_pikvm(const fs::path& root) {
    for (const char* link : pikvm_links) fs::remove(root / "sys/bus/usb/devices" / link);
    fs::remove_all(root / usb1 / "1-1");
}

bool has_kvm(const std::vector<Finding>& findings) {
    return std::ranges::any_of(findings, [](const Finding& finding) { return finding.category == "kvm"; });
}

ui::HandoffStep step_of(const ui::Controller& controller) { return controller.handoff().step; }

// A whole handoff with the liveness check skipped; returns the session id.
std::string signed_off_handoff(ui::Controller& controller, const std::string& subject) {
    controller.continue_unregistered();
    controller.open(ui::Screen::handoff);
    REQUIRE(tick_until(controller, [&] { return controller.host().snapshot()->state == app::HostSnapshot::State::done; }, 20s));
    controller.set_handoff_subject(subject);
    REQUIRE(controller.record_inspection());
    REQUIRE_MESSAGE(tick_until(controller, [&] { return step_of(controller) == ui::HandoffStep::liveness; }, 30s),
                    controller.handoff().message);
    REQUIRE(controller.skip_liveness("no camera at the handoff desk"));
    REQUIRE(tick_until(controller, [&] { return step_of(controller) == ui::HandoffStep::sign_off; }, 30s));
    REQUIRE(controller.sign_off({session::Decision::Kind::confirm, std::nullopt, "", ""}));
    REQUIRE(tick_until(controller, [&] { return step_of(controller) == ui::HandoffStep::done; }, 30s));
    return controller.handoff().session;
}

}  // namespace

TEST_CASE("handoff walk-through on a KVM fixture: inspection then liveness skipped then sign-off then the review's actions") {
    if (!fs::exists(host_fixture("pikvm_v4"))) {
        MESSAGE("skipped: tests/fixtures/host/pikvm_v4 is absent");
        return;
    }
    test::TempDir dir;
    ui::Controller controller(context_for(dir, host_fixture("pikvm_v4")), {});
    controller.continue_unregistered();
    controller.open(ui::Screen::handoff);
    REQUIRE(tick_until(controller, [&] { return controller.host().snapshot()->state == app::HostSnapshot::State::done; }, 20s));
    const auto host = controller.host().snapshot();
    CHECK(host->verdict == HostVerdict::compromised);
    CHECK(has_kvm(host->findings));
    CHECK(host->live);
    CHECK_FALSE(controller.record_inspection());  // no reference yet
    controller.set_handoff_subject("laptop-7731");
    REQUIRE(controller.record_inspection());
    REQUIRE(tick_until(controller, [&] { return step_of(controller) == ui::HandoffStep::liveness; }, 30s));
    CHECK(controller.liveness_cameras().empty());  // the tree's cameras are not this kiosk's devices
    CHECK_FALSE(controller.start_liveness());
    CHECK_FALSE(controller.skip_liveness(""));     // a skip needs its reason
    REQUIRE(controller.skip_liveness("no camera at the handoff desk"));
    REQUIRE(tick_until(controller, [&] { return step_of(controller) == ui::HandoffStep::sign_off; }, 30s));
    REQUIRE(controller.handoff().recommendation);
    CHECK(controller.handoff().recommendation->verdict == session::Verdict::fail);
    REQUIRE(controller.sign_off({session::Decision::Kind::confirm, std::nullopt, "", ""}));
    REQUIRE(tick_until(controller, [&] { return step_of(controller) == ui::HandoffStep::done; }, 30s));

    controller.open(ui::Screen::review);
    controller.settle();
    REQUIRE(controller.review().sessions.size() == 1);
    controller.set_filter({"interview", "", "", "", ""});
    controller.settle();
    CHECK(controller.review().sessions.empty());
    controller.set_filter({"handoff", "fail", "", "laptop-7731", ""});
    controller.settle();
    REQUIRE(controller.review().sessions.size() == 1);
    CHECK_FALSE(controller.export_selected(dir / "bundle"));  // nothing selected yet
    controller.select_session(controller.review().sessions.front().id);
    controller.verify_ledger();
    controller.settle();
    CHECK_FALSE(controller.review().records.empty());
    REQUIRE(controller.export_selected(dir / "bundle"));
    controller.settle();
    REQUIRE(controller.review().verification);
    CHECK(controller.review().verification->ok);
    CHECK(fs::exists(dir / "bundle" / "records.jsonl"));
    CHECK(controller.review().notice.find("Exported to") == 0);
    CHECK_FALSE(controller.purge_before("not a date", "test"));
    CHECK(controller.review().groups.empty());  // one subject alone is never a group

    auto ledger = open_ledger(dir);
    const auto session = controller.handoff().session;
    CHECK(bodies(ledger, session, "session.step").size() == session::steps(session::Workflow::handoff).size());
    const auto liveness = step_body(ledger, session, "liveness");
    REQUIRE(liveness.is_object());
    CHECK(liveness["status"] == "skipped");
    CHECK(liveness["reason"] == "no camera at the handoff desk");
    CHECK(bodies(ledger, session, "session.fingerprint").size() == 1);
    CHECK(bodies(ledger, session, "session.decision").size() == 1);
    const auto records = ledger.session_records(session);
    REQUIRE(records);
    CHECK(records->back().type == "session.end");
}

TEST_CASE("handoff screen picks up a KVM plugged in while it is open without a re-scan and notices its removal") {
    if (!fs::exists(host_fixture("laptop")) || !fs::exists(host_fixture("pikvm_v4"))) {
        MESSAGE("skipped: the laptop or pikvm_v4 fixture is absent");
        return;
    }
    test::TempDir dir;
    const auto root = copy_fixture(dir, "laptop");
    ui::Controller controller(context_for(dir, root), {});
    controller.continue_unregistered();
    controller.open(ui::Screen::handoff);
    REQUIRE(tick_until(controller, [&] { return controller.host().snapshot()->scans == 1; }, 20s));
    auto host = controller.host().snapshot();
    REQUIRE(host->live);
    CHECK(host->verdict == HostVerdict::clean);
    CHECK_FALSE(has_kvm(host->findings));

    plug_pikvm(root);
    REQUIRE(tick_until(controller, [&] {
        auto now = controller.host().snapshot();
        return now->state == app::HostSnapshot::State::done && has_kvm(now->findings);
    }, 20s));
    host = controller.host().snapshot();
    CHECK(host->verdict == HostVerdict::compromised);
    CHECK(host->trigger.find("changed") != std::string::npos);  // found by watching, not by a re-scan
    CHECK(has_kvm(host->new_findings));
    const auto added = std::ranges::find_if(host->changes, [](const app::HostChange& change) {
        return change.kind == app::HostChange::Kind::added && change.section == "usb" && change.entry.value("path", "") == "1-1";
    });
    CHECK(added != host->changes.end());
    CHECK(std::ranges::none_of(host->changes, [](const app::HostChange& change) { return change.kind == app::HostChange::Kind::removed; }));

    unplug_pikvm(root);
    REQUIRE(tick_until(controller, [&] {
        auto now = controller.host().snapshot();
        return now->state == app::HostSnapshot::State::done && !has_kvm(now->findings);
    }, 20s));
    host = controller.host().snapshot();
    CHECK(host->verdict == HostVerdict::clean);
    CHECK(has_kvm(host->cleared_findings));
    CHECK(std::ranges::any_of(host->changes, [](const app::HostChange& change) {
        return change.kind == app::HostChange::Kind::removed && change.section == "usb";
    }));
}

TEST_CASE("a KVM plugged in after the inspection is recorded into the open session and fails the sign-off's recommendation") {
    if (!fs::exists(host_fixture("laptop")) || !fs::exists(host_fixture("pikvm_v4"))) {
        MESSAGE("skipped: the laptop or pikvm_v4 fixture is absent");
        return;
    }
    test::TempDir dir;
    const auto root = copy_fixture(dir, "laptop");
    ui::Controller controller(context_for(dir, root), {});
    controller.continue_unregistered();
    controller.open(ui::Screen::handoff);
    REQUIRE(tick_until(controller, [&] { return controller.host().snapshot()->scans == 1; }, 20s));
    controller.set_handoff_subject("laptop-9");
    REQUIRE(controller.record_inspection());
    REQUIRE(tick_until(controller, [&] { return step_of(controller) == ui::HandoffStep::liveness; }, 30s));
    CHECK(controller.handoff().changes_recorded.empty());

    plug_pikvm(root);
    REQUIRE_MESSAGE(tick_until(controller, [&] {
        return !controller.handoff().changes_recorded.empty() && controller.handoff().working.empty();
    }, 30s), controller.handoff().message);
    REQUIRE(controller.skip_liveness("no camera at the handoff desk"));
    REQUIRE(tick_until(controller, [&] { return step_of(controller) == ui::HandoffStep::sign_off; }, 30s));
    REQUIRE(controller.handoff().recommendation);
    CHECK(controller.handoff().recommendation->verdict == session::Verdict::fail);

    auto ledger = open_ledger(dir);
    const auto session = controller.handoff().session;
    std::vector<nlohmann::json> inspections;
    for (auto& body : bodies(ledger, session, "session.step"))
        if (body.value("step", "") == "host_inspection") inspections.push_back(body);
    REQUIRE(inspections.size() == 2);
    CHECK(inspections[0]["findings"].empty());
    CHECK(inspections[1]["reason"].get<std::string>().starts_with("inspected again after the machine changed"));
    CHECK(std::ranges::any_of(inspections[1]["findings"], [](const nlohmann::json& finding) { return finding["category"] == "kvm"; }));
    CHECK(bodies(ledger, session, "session.fingerprint").size() == 2);  // the KVM's fingerprint is there to correlate
}

TEST_CASE("a signed-off handoff is sent to the configured fleet store, and one out of reach is said, not lost") {
    if (!fs::exists(host_fixture("laptop"))) {
        MESSAGE("skipped: the laptop fixture is absent");
        return;
    }
    test::TempDir dir;
    setenv("KIOSK_FLEET_URL", ("host=" + (dir / "no-server").string() + " port=5999 dbname=fleet user=kiosk").c_str(), 1);
    ui::Controller controller(context_for(dir, host_fixture("laptop")), {});
    const auto session = signed_off_handoff(controller, "laptop-8");
    unsetenv("KIOSK_FLEET_URL");
    CHECK(controller.handoff().message.starts_with("Recorded here, but not sent to the fleet store"));
    auto ledger = open_ledger(dir);
    const auto records = ledger.session_records(session);
    REQUIRE(records);
    CHECK(records->back().type == "session.end");
}

TEST_CASE("handoff liveness on a file source without a face is recorded as measured and is not a pass") {
    if (!fs::exists(host_fixture("laptop"))) {
        MESSAGE("skipped: the laptop fixture is absent");
        return;
    }
    test::TempDir dir;
    auto clip = test::make_clip(dir.path(), 320, 240, 1);
    if (!clip) {
        MESSAGE("skipped: ffmpeg is not installed");
        return;
    }
    ui::Controller controller(context_for(dir, host_fixture("laptop"), clip->string()), {});
    controller.continue_unregistered();
    controller.open(ui::Screen::handoff);
    REQUIRE(tick_until(controller, [&] { return controller.host().snapshot()->state == app::HostSnapshot::State::done; }, 20s));
    controller.set_handoff_subject("laptop-0001");
    REQUIRE(controller.record_inspection());
    REQUIRE(tick_until(controller, [&] { return step_of(controller) == ui::HandoffStep::liveness; }, 30s));
    CHECK(controller.handoff().camera == clip->string());
    REQUIRE(controller.start_liveness());
    CHECK(tick_until(controller, [&] { return controller.liveness() != nullptr; }, 10s));
    REQUIRE_MESSAGE(tick_until(controller, [&] { return step_of(controller) == ui::HandoffStep::sign_off; }, event_ceiling),
                    controller.handoff().message);
    REQUIRE(controller.handoff().liveness);
    CHECK(controller.handoff().liveness->status == session::StepStatus::ran);
    REQUIRE(controller.handoff().recommendation);
    CHECK(controller.handoff().recommendation->verdict != session::Verdict::pass);

    auto ledger = open_ledger(dir);
    const auto session = controller.handoff().session;
    CHECK(bodies(ledger, session, "session.consent").size() == 1);
    const auto liveness = step_body(ledger, session, "liveness");
    REQUIRE(liveness.is_object());
    CHECK(liveness["status"] == "ran");
    CHECK_FALSE(liveness["reason"].get<std::string>().empty());
    CHECK(liveness["checks"] == 1);  // the face time only: no turn was asked for without a face
    std::vector<nlohmann::json> checks;
    for (auto& check : bodies(ledger, session, "check.result"))
        if (check["step"] == "liveness") checks.push_back(check);
    REQUIRE(checks.size() == 1);
    CHECK(checks[0]["id"] == "liveness.face_seconds");
    CHECK(checks[0]["value"].get<double>() == doctest::Approx(0));
    REQUIRE(liveness["findings"].is_array());
    CHECK(liveness["findings"][0]["rule"] == "liveness.no_face");
}

TEST_CASE("review lists exactly the group of two subjects whose sessions share a KVM") {
    for (const char* fixture : {"desktop", "gaming_pc", "laptop", "pikvm_v4"})
        if (!fs::exists(host_fixture(fixture))) {
            MESSAGE("skipped: a host fixture is absent");
            return;
        }
    test::TempDir dir;
    std::vector<std::string> kvm_sessions;
    for (const auto& [fixture, subject] : {std::pair{"desktop", "hire-a"}, std::pair{"gaming_pc", "hire-b"}}) {
        const auto root = copy_fixture(dir, fixture);
        plug_pikvm(root);
        ui::Controller controller(context_for(dir, root), {});
        kvm_sessions.push_back(signed_off_handoff(controller, subject));
    }
    for (int twice = 0; twice < 2; ++twice) {  // one subject's own sessions never form a group
        ui::Controller controller(context_for(dir, host_fixture("laptop")), {});
        signed_off_handoff(controller, "hire-c");
    }
    std::ranges::sort(kvm_sessions);

    ui::Controller controller(context_for(dir, host_fixture("laptop")), {});
    controller.continue_unregistered();
    controller.open(ui::Screen::review);
    controller.settle();
    CHECK(controller.review().sessions.size() == 4);
    CHECK(controller.review().groups_problem.empty());
    REQUIRE(controller.review().groups.size() == 1);
    const auto& group = controller.review().groups.front();
    CHECK(group.evidence == "kvm");
    CHECK(group.sessions == kvm_sessions);
    CHECK(group.subjects == std::vector<std::string>{"hire-a", "hire-b"});
    CHECK_FALSE(group.shared.empty());
    // One click on a session of the group opens it.
    controller.select_session(group.sessions.front());
    controller.settle();
    CHECK(controller.review().selected == group.sessions.front());
    CHECK_FALSE(controller.review().records.empty());
}
