// The input-behaviour detectors on the checked-in recordings (each KVM pattern fires, human use does
// not) and on variations that show what keeps them from firing.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

#include "host/input_detectors.h"
#include "host/input_recording.h"
#include "stream_synth.h"
#include "support.h"

using namespace kiosk;
using namespace kiosk::host;

namespace {

InputStream recording(const std::string& file) {
    std::ifstream in(test::fixtures() / "watch" / file);
    auto stream = read_recording(in, file);
    REQUIRE_MESSAGE(stream.has_value(), (stream ? "" : stream.error().message));
    return *stream;
}

const Finding* find_rule(const std::vector<Finding>& findings, std::string_view rule) {
    auto it = std::find_if(findings.begin(), findings.end(), [&](const Finding& f) { return f.rule == rule; });
    return it == findings.end() ? nullptr : &*it;
}

std::vector<std::string> rules_of(const std::vector<Finding>& findings) {
    std::vector<std::string> out;
    for (const auto& finding : findings) out.push_back(finding.rule);
    return out;
}

bool any_jiggler(const std::vector<Finding>& findings) {
    return std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
        return f.rule.starts_with("kvm.input.jiggler") || f.rule == "anomaly.input.periodic_micro_moves";
    });
}

InputEvent key_at(double t, std::string device) {
    InputEvent event;
    event.time = t;
    event.type = InputEventType::key;
    event.device = std::move(device);
    return event;
}

void sort_by_time(InputStream& stream) {
    std::stable_sort(stream.begin(), stream.end(), [](const InputEvent& a, const InputEvent& b) { return a.time < b.time; });
}

}  // namespace

TEST_CASE("PiKVM jiggler recording: five moves 100 ms apart every 60 s ±25 % are named PiKVM") {
    for (const char* file : {"pikvm_jiggler.jsonl", "pikvm_jiggler_relative.jsonl"}) {
        CAPTURE(file);
        auto findings = detect_input_behaviour(recording(file));
        const Finding* found = find_rule(findings, "kvm.input.jiggler_pikvm");
        REQUIRE(found);
        CHECK(found->severity == Severity::high);
        CHECK(found->category == "kvm");
        CHECK(found->evidence["device_path"] == "/dev/input/event6");
        CHECK(found->evidence["moves_per_burst"].get<double>() == 5);
        CHECK(found->evidence["spacing_ms"].get<double>() == doctest::Approx(100).epsilon(0.05));
        CHECK(found->evidence["cadence_s"].get<double>() >= 45);
        CHECK(found->evidence["cadence_s"].get<double>() <= 75);
        CHECK(found->evidence["jitter_max_pct"].get<double>() <= 30);
        CHECK(found->evidence["bursts"].get<int>() == 12);
        CHECK_FALSE(find_rule(findings, "kvm.input.jiggler_jetkvm"));
        CHECK_FALSE(find_rule(findings, "kvm.input.jiggler_nanokvm"));
    }
}

TEST_CASE("JetKVM recording: the corner park after every 20 s of idle is named JetKVM") {
    auto findings = detect_input_behaviour(recording("jetkvm_park.jsonl"));
    const Finding* found = find_rule(findings, "kvm.input.jiggler_jetkvm");
    REQUIRE(found);
    CHECK(found->severity == Severity::high);
    CHECK(found->evidence["cadence_s"].get<double>() == doctest::Approx(20).epsilon(0.05));
    CHECK(found->evidence["last_position"] == nlohmann::json::array({0, 0}));
    CHECK(found->evidence["bursts"].get<int>() == 16);
    CHECK_FALSE(find_rule(findings, "kvm.input.jiggler_pikvm"));
}

TEST_CASE("NanoKVM recording: the jump to the centre after every 15 s of idle is named NanoKVM") {
    auto findings = detect_input_behaviour(recording("nanokvm_centre.jsonl"));
    const Finding* found = find_rule(findings, "kvm.input.jiggler_nanokvm");
    REQUIRE(found);
    CHECK(found->severity == Severity::high);
    CHECK(found->evidence["cadence_s"].get<double>() == doctest::Approx(15).epsilon(0.05));
    CHECK(found->evidence["last_position"] == nlohmann::json::array({0x3FFF, 0x3FFF}));
    CHECK(found->evidence["device_path"] == "/dev/input/event7");
}

TEST_CASE("A software jiggler on a virtual device is a periodic micro-move anomaly, not a named KVM") {
    auto findings = detect_input_behaviour(recording("software_jiggler.jsonl"));
    const Finding* found = find_rule(findings, "anomaly.input.periodic_micro_moves");
    REQUIRE(found);
    CHECK(found->severity == Severity::medium);
    CHECK(found->evidence["device_kind"] == "virtual");
    CHECK(found->evidence["cadence_s"].get<double>() == doctest::Approx(30).epsilon(0.05));
    CHECK_FALSE(find_rule(findings, "kvm.input.jiggler_pikvm"));
}

TEST_CASE("Teleport recording: a browser-driven absolute pointer jumping across the screen") {
    auto findings = detect_input_behaviour(recording("teleports.jsonl"));
    const Finding* found = find_rule(findings, "kvm.input.teleport");
    REQUIRE(found);
    CHECK(found->severity == Severity::high);
    CHECK(found->evidence["teleports"].get<int>() == 12);
    CHECK(found->evidence["largest_jump_fraction"].get<double>() >= 0.24);
    CHECK(found->evidence["jumps"].size() == 10);
    CHECK_FALSE(any_jiggler(findings));
}

TEST_CASE("New-device recording: a KVM plugged in drives the laptop while its keyboard and touchpad are idle") {
    auto findings = detect_input_behaviour(recording("new_device_input.jsonl"));
    CHECK(rules_of(findings) == std::vector<std::string>{"anomaly.input.new_device_only"});
    REQUIRE(findings.size() == 1);
    const auto& evidence = findings[0].evidence;
    CHECK(evidence["device_paths"] == nlohmann::json::array({"/dev/input/event7", "/dev/input/event8"}));
    CHECK(evidence["builtin_events_in_span"] == 0);
    CHECK(evidence["key_presses"].get<int>() > 20);
    CHECK(evidence["pointer_events"].get<int>() > 20);
    CHECK(evidence["attached_at_s"].get<double>() == 40);
}

TEST_CASE("Human use recordings raise nothing: typing bursts, touchpad strokes, a hand-moved mouse") {
    for (const char* file : {"human_typing.jsonl", "human_mouse.jsonl"}) {
        CAPTURE(file);
        auto findings = detect_input_behaviour(recording(file));
        CHECK(rules_of(findings).empty());
    }
}

TEST_CASE("Touchpad finger jumps are left out of teleports only because the device is a touch device") {
    auto stream = recording("human_typing.jsonl");
    CHECK(detect_teleports(stream).empty());
    for (auto& event : stream)
        if (event.added && event.added->kind == DeviceKind::builtin_touchpad) event.added->touch = false;
    CHECK_FALSE(detect_teleports(stream).empty());  // the same strokes from a non-touch pointer do jump
}

TEST_CASE("A person who keeps typing on the laptop keyboard while using a new device raises nothing") {
    auto stream = recording("new_device_input.jsonl");
    REQUIRE(detect_new_device_input(stream).size() == 1);
    for (double t = 50; t < 280; t += 25) stream.push_back(key_at(t, "event0"));
    sort_by_time(stream);
    CHECK(detect_new_device_input(stream).empty());
}

TEST_CASE("Without built-in devices (a desktop) there is no silence to compare against") {
    auto stream = recording("new_device_input.jsonl");
    std::erase_if(stream, [](const InputEvent& event) { return event.device == "event0" || event.device == "event1"; });
    CHECK(detect_new_device_input(stream).empty());
}

TEST_CASE("PiKVM-shaped nudges at no fixed cadence are not a jiggler") {
    // The same bursts as the PiKVM recording, moved to irregular times (10 s to 4 min apart).
    auto stream = recording("pikvm_jiggler.jsonl");
    REQUIRE(any_jiggler(detect_jigglers(stream)));
    const double gaps[] = {12, 190, 35, 240, 18, 95, 61, 150, 27, 210, 44, 130};
    double original_start = -10, moved_start = 0;
    std::size_t burst = 0;
    for (auto& event : stream) {
        if (event.device != "event6" || event.time < 40) continue;
        if (event.time - original_start > 1) {  // a new burst
            moved_start = burst == 0 ? event.time : moved_start + gaps[burst % std::size(gaps)];
            original_start = event.time;
            ++burst;
        }
        event.time = moved_start + (event.time - original_start);
    }
    REQUIRE(burst == 12);
    sort_by_time(stream);
    CHECK_FALSE(any_jiggler(detect_jigglers(stream)));
}

TEST_CASE("The checked-in recordings are exactly what the generator writes") {
    for (const auto& [file, stream] : test::synth::fixture_streams()) {
        CAPTURE(file);
        std::ostringstream generated;
        write_recording(generated, stream);
        CHECK(generated.str() == test::read_file(test::fixtures() / "watch" / file));
    }
}
