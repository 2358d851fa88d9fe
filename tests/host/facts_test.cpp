// The fact tables (kiosk/host/facts.h): every reader over every fixture tree sets only declared facts
// of their declared type, the README's Facts section is generated from the tables, and check_facts
// catches what it must.
#include <doctest/doctest.h>

#include <cstdlib>
#include <algorithm>
#include <map>
#include <set>

#include "host/camera_judge.h"
#include "host/edid.h"
#include "host/facts.h"
#include "host/inspector.h"
#include "host/mdns_browse.h"
#include "host/reading.h"
#include "fixture_trees.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace kiosk::host;

TEST_CASE("facts: every reader, over every fixture tree, sets only declared facts of their declared type") {
    std::map<std::string, std::size_t> subjects_of;  // kind -> subjects seen
    std::set<std::string> facts_seen;                // kind/fact
    auto check = [&](const Subject& subject, const fs::path& where) {
        CAPTURE(where);
        auto problem = check_facts(subject);
        CHECK_MESSAGE(!problem, problem.value_or(""));
        ++subjects_of[subject.kind];
        for (const auto& [name, value] : subject.facts) facts_seen.insert(subject.kind + "/" + name);
    };

    const RuleSet no_rules;  // read only: the judge (which checks too, in debug builds) is not needed here
    std::vector<fs::path> roots;
    for (auto dir : {"host", "camera", "watch/neighbours"})
        for (const auto& tree : kiosk::test::fixture_trees(dir)) roots.push_back(tree);
    std::vector<Subject> neighbours;
    for (const auto& root : roots) {
        auto report = inspect({root, {}}, no_rules);
        REQUIRE_MESSAGE(report.has_value(), root.string());
        for (const auto& subject : report->subjects) {
            check(subject, root);
            if (subject.kind == "neighbour") neighbours.push_back(subject);
        }
    }
    for (const auto& root : kiosk::test::fixture_trees("camera")) {
        auto cameras = gather_cameras({root, ""});
        REQUIRE_MESSAGE(cameras.has_value(), root.string());
        for (const auto& camera : *cameras) check(camera_probe_subject(camera), root);
    }
    for (const auto& entry : fs::directory_iterator(kiosk::test::fixtures() / "edid")) {
        auto bytes = read_edid_input(kiosk::test::read_file(entry.path()));
        REQUIRE(bytes);
        auto edid = decode_edid(*bytes);
        REQUIRE(edid);
        check(display_subject(*edid, "pasted"), entry.path());
    }
    const std::vector<MdnsAnswer> answers{{"pikvm.local", "192.168.8.23", "A record from 192.168.8.23"}};
    for (const auto& subject : mdns_subjects(answers, neighbours)) check(subject, "mdns answers");
    // A truncated part needs thousands of entries (inventory_cap_test); its subject is made here.
    Reading truncated;
    report_truncated(truncated, "usb", 3, "1027 devices found, 1024 read");
    check(truncated.subjects.at(0), "report_truncated");

    // Every table was exercised by some fixture.
    for (const auto* spec : subject_specs()) {
        CAPTURE(spec->kind);
        CHECK(subjects_of[std::string(spec->kind)] > 0);
    }
    // and every declared fact is set on some fixture, so no table lists a fact no reader sets
    for (const auto* spec : subject_specs())
        for (auto facts : {spec->facts, spec->more_facts})
            for (const auto& fact : facts) {
                const auto key = std::string(spec->kind) + "/" + std::string(fact.name);
                CHECK_MESSAGE(facts_seen.contains(key), key << " is set on no fixture");
            }
}

TEST_CASE("facts: check_facts names an undeclared fact, a fact of the wrong type and an unknown kind") {
    Subject usb{"usb_device", "usb 1-1", {{"usb.vid_pid", std::string("1d6b:0104")}}};
    CHECK_FALSE(check_facts(usb));
    usb.facts["usb.vidpid"] = std::string("1d6b:0104");
    CHECK(check_facts(usb) == "subject 'usb 1-1' (usb_device) has the undeclared fact 'usb.vidpid'");
    usb.facts.erase("usb.vidpid");
    usb.facts["usb.speed_mbps"] = std::string("480");
    CHECK(check_facts(usb) == "subject 'usb 1-1' (usb_device): fact 'usb.speed_mbps' is declared int but holds a string");
    // machine facts belong to the machine subject only
    Subject process{"process", "pid 1", {{"machine.laptop", true}}};
    CHECK(check_facts(process).value_or("").find("undeclared fact 'machine.laptop'") != std::string::npos);
    CHECK(check_facts(Subject{"toaster", "t", {}}) == "subject 't' has an unknown kind 'toaster'");
}

TEST_CASE("facts: every kind a rule may name has a table, and names are unique and carry their kind's prefix") {
    std::set<std::string> names;
    for (const auto* spec : subject_specs()) {
        CAPTURE(spec->kind);
        CHECK(is_known_subject_kind(spec->kind));
        CHECK_FALSE(spec->source.empty());
        for (auto facts : {spec->facts, spec->more_facts})
            for (const auto& fact : facts) {
                CAPTURE(fact.name);
                CHECK(names.insert(std::string(fact.name)).second);
                CHECK_FALSE(fact.doc.empty());
                CHECK(fact.doc.find('|') == std::string_view::npos);  // it goes into a Markdown table
                CHECK(fact.name.find('.') != std::string_view::npos);
            }
    }
    CHECK_FALSE(is_known_subject_kind("toaster"));
    CHECK(find_rule_fact("process", "machine.virtualized"));  // the machine's facts are every rule's
    CHECK_FALSE(find_rule_fact("process", "usb.vid_pid"));
}

TEST_CASE("facts: config/rules/README.md's Facts section is generated from the tables (KIOSK_WRITE_README=1 rewrites it)") {
    const auto path = fs::path(KIOSK_SOURCE_DIR) / "config/rules/README.md";
    const auto text = kiosk::test::read_file(path);
    const auto at = text.find("\n## Facts\n");
    REQUIRE_MESSAGE(at != std::string::npos, "config/rules/README.md has no '## Facts' section");
    const auto expected = facts_markdown();
    const auto current = text.substr(at + 1);
    if (current != expected && std::getenv("KIOSK_WRITE_README")) {
        kiosk::test::write_file(path, text.substr(0, at + 1) + expected);
        MESSAGE("rewrote the Facts section of " << path.string());
        return;
    }
    CHECK_MESSAGE(current == expected,
                  "config/rules/README.md's Facts section (from '## Facts' to the end of the file) differs from the "
                  "fact tables in kiosk/host. Run this test with KIOSK_WRITE_README=1, or paste:\n"
                      << expected);
}
