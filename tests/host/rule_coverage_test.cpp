// Every shipped rule (config/rules/*.toml, compiled in) fires on at least one fixture, and the clean
// fixtures stay quiet. A rule that fires on nothing is a rule nobody has seen work: give it a small
// fixture tree (tests/fixtures/host/make_fixtures.py, tests/fixtures/camera) before shipping it.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "host/camera_judge.h"
#include "host/inspector.h"
#include "host/mdns_browse.h"
#include "host/oui.h"
#include "fixture_trees.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace kiosk::host;
using kiosk::Finding;
using kiosk::Severity;

namespace {

const RuleSet& shipped() {
    static const auto rules = RuleSet::load();
    REQUIRE_MESSAGE(rules.has_value(), (rules ? "" : rules.error().message));
    return *rules;
}

// What each fixture raises: `kiosk scan --root` on the host and neighbour trees, `kiosk camera --root`
// on the camera trees, and the recorded mDNS answers of kvm_fingerprints' KVM host names against the
// farm LAN's neighbour table (the mDNS browse is live only, so it has no tree of its own).
std::map<std::string, std::vector<Finding>> fired_by_fixture() {
    std::map<std::string, std::vector<Finding>> out;
    std::vector<Subject> farm_neighbours;
    for (auto dir : {"host", "watch/neighbours"})
        for (const auto& root : kiosk::test::fixture_trees(dir)) {
            auto report = inspect({root, {}}, shipped());
            REQUIRE_MESSAGE(report.has_value(), root.string());
            out[std::string(dir) + "/" + root.filename().string()] = report->findings;
            if (root.filename() == "farm_lan")
                for (const auto& subject : report->subjects)
                    if (subject.kind == "neighbour") farm_neighbours.push_back(subject);
        }
    for (const auto& root : kiosk::test::fixture_trees("camera")) {
        auto cameras = gather_cameras({root, ""});
        REQUIRE_MESSAGE(cameras.has_value(), root.string());
        auto& findings = out["camera/" + root.filename().string()];
        for (const auto& camera : *cameras)
            for (auto& finding : judge_camera(camera, shipped()).findings) findings.push_back(std::move(finding));
    }
    const std::vector<MdnsAnswer> answers{{"pikvm.local", "192.168.8.23", "A record from 192.168.8.23"},
                                          {"jetkvm-0a1b2c3d.local", "192.168.8.50", "A record from 192.168.8.50"}};
    out["watch/neighbours/farm_lan + mDNS answers"] = shipped().judge(mdns_subjects(answers, farm_neighbours));
    return out;
}

// Rules that no small fixture tree can show, and where they are shown instead.
const std::map<std::string, std::string> shown_elsewhere{
    {"anomaly.inventory_truncated",
     "needs more than 1,024 USB devices or 1 MiB of a proc table: tests/host/inventory_cap_test.cpp builds such trees"},
};

}  // namespace

TEST_CASE("rules: every shipped rule fires on at least one fixture") {
    const auto fired = fired_by_fixture();
    std::map<std::string, std::set<std::string>> where;  // rule -> fixtures
    for (const auto& [fixture, findings] : fired)
        for (const auto& finding : findings) where[finding.rule].insert(fixture);

    // The neighbour vendors come from the IEEE registry; without ieee-data only the MAC rules can fire.
    const bool registry = !OuiRegistry::open().empty();
    if (!registry) MESSAGE("ieee-data is not installed: the neighbour and mDNS rules that need vendors are not checked");
    std::size_t checked = 0;
    for (const auto& rule : shipped().rules()) {
        CAPTURE(rule.id);
        CAPTURE(rule.source);
        if (shown_elsewhere.contains(rule.id)) continue;
        if (!registry && (rule.id == "kvm.neighbour.single_board_computer" || rule.id == "kvm.neighbour.kvm_maker"))
            continue;
        ++checked;
        CHECK_MESSAGE(where.contains(rule.id), "fires on no fixture: add a small tree for it (tests/fixtures)");
    }
    CHECK(checked + shown_elsewhere.size() + (registry ? 0 : 2) == shipped().rules().size());
    for (const auto& [id, why] : shown_elsewhere) {
        CAPTURE(id);
        CHECK(std::ranges::any_of(shipped().rules(), [&](const Rule& r) { return r.id == id; }));
    }
}

TEST_CASE("rules: the clean fixtures raise nothing above low, and no kvm, capture, bmc or remote_access rule") {
    const auto fired = fired_by_fixture();
    // Ordinary machines; what they may raise is low context only.
    const std::map<std::string, std::set<std::string>> clean{
        {"host/laptop", {}},
        {"host/desktop", {}},
        {"host/dell_dock", {}},
        {"host/gaming_pc", {}},
        {"host/kvm_switch_desk", {"kvm.switch.desk"}},  // a desk KVM switch is low by design
        {"host/qemu_vm", {"anomaly.machine.virtualized", "virtual_display.virtual_machine"}},
        {"host/conference_room", {"anomaly.edid.video_distribution"}},
        {"watch/neighbours/office_lan", {}},
        {"camera/uvc_webcam", {}},
    };
    for (const auto& [fixture, allowed] : clean) {
        CAPTURE(fixture);
        REQUIRE(fired.contains(fixture));
        for (const auto& finding : fired.at(fixture)) {
            CAPTURE(finding.rule);
            CHECK(finding.severity <= Severity::low);
            CHECK(allowed.contains(finding.rule));
        }
    }
    // and the critical kvm and remote_access rules, each of which fires somewhere, fire on none of them
    std::size_t critical = 0;
    for (const auto& rule : shipped().rules()) {
        if (rule.severity != Severity::critical || (rule.category != "kvm" && rule.category != "remote_access")) continue;
        ++critical;
        for (const auto& [fixture, allowed] : clean)
            for (const auto& finding : fired.at(fixture)) CHECK_MESSAGE(finding.rule != rule.id, fixture);
    }
    CHECK(critical >= 10);
}
