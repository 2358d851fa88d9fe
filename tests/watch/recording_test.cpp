// Recordings: what --record writes is what --replay reads; malformed files are one clear error.
#include <doctest/doctest.h>

#include <sstream>

#include "host/input_recording.h"
#include "stream_synth.h"

using namespace kiosk::host;

namespace {

kiosk::Result<InputStream> parse(const std::string& text) {
    std::istringstream in(text);
    return read_recording(in, "rec.jsonl");
}

const std::string header = R"({"format":"kiosk-input-recording","version":1})" "\n";
const std::string mouse =
    R"({"t":0,"type":"device_added","device":"event4","path":"/dev/input/event4","kind":"usb","name":"m","caps":["rel"],"initial":true})" "\n";

}  // namespace

TEST_CASE("A recording reads back to the same stream it was written from") {
    auto stream = kiosk::test::synth::jetkvm_park();
    std::ostringstream out;
    write_recording(out, stream);
    auto back = parse(out.str());
    REQUIRE(back.has_value());
    REQUIRE(back->size() == stream.size());
    std::ostringstream again;
    write_recording(again, *back);
    CHECK(again.str() == out.str());
    CHECK((*back)[0].added->kind == DeviceKind::builtin_keyboard);
    CHECK((*back)[1].added->touch);
    CHECK((*back)[2].added->kind == DeviceKind::usb);
    CHECK_FALSE((*back)[2].added->absolute);
    CHECK((*back)[3].added->absolute);
    CHECK((*back)[3].added->y.max == 32767);
}

TEST_CASE("Key events carry no key code, and a recording that tries to carry one is refused") {
    InputEvent key;
    key.time = 1.5;
    key.type = InputEventType::key;
    key.device = "event4";
    CHECK(recording_line(key) == R"({"device":"event4","t":1.5,"type":"key"})");
    auto result = parse(header + mouse + R"({"t":1,"type":"key","device":"event4","code":30})" "\n");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().message == "rec.jsonl:3: unknown field 'code'");
}

TEST_CASE("Malformed recordings are one error naming the line") {
    struct Case {
        std::string text, error;
    };
    const Case cases[] = {
        {"", "rec.jsonl: empty file, not a kiosk input recording"},
        {"hello\n", "rec.jsonl:1: not a JSON object"},
        {R"({"format":"something-else","version":1})" "\n", "rec.jsonl:1: not a kiosk input recording"},
        {R"({"format":"kiosk-input-recording","version":9})" "\n", "rec.jsonl:1: recording version 9 is not supported"},
        {header + R"({"t":1,"type":"rel","device":"event4","dx":1,"dy":1})" "\n",
         "rec.jsonl:2: input from device 'event4' that was never added"},
        {header + mouse + R"({"t":-1,"type":"rel","device":"event4","dx":1,"dy":1})" "\n",
         "rec.jsonl:3: 't' must be seconds >= 0"},
        {header + mouse + R"({"t":5,"type":"key","device":"event4"})" "\n" R"({"t":4,"type":"key","device":"event4"})" "\n",
         "rec.jsonl:4: time goes backwards"},
        {header + mouse + R"({"t":1,"type":"rel","device":"event4","dx":"x","dy":1})" "\n",
         "rec.jsonl:3: 'dx' must be an integer"},
        {header + mouse + R"({"t":1,"type":"rel","device":"event4","dx":99999999,"dy":1})" "\n",
         "rec.jsonl:3: 'dx' is out of range"},
        {header + mouse + R"({"t":1,"type":"scroll","device":"event4"})" "\n", "rec.jsonl:3: unknown event type 'scroll'"},
        {header + mouse + mouse, "rec.jsonl:3: device 'event4' added twice"},
        {header + R"({"t":0,"type":"device_added","device":"e","path":"p","kind":"usb","name":"m","caps":["abs"],"initial":true,"x":[5,1],"y":[0,9]})" "\n",
         "rec.jsonl:2: 'x' must be an increasing range"},
        {header + R"({"t":0,"type":"device_added","device":"e","path":"p","kind":"toaster","name":"m","caps":[],"initial":true})" "\n",
         "rec.jsonl:2: unknown device kind 'toaster'"},
        {header + R"({"t":0,"type":"device_removed","device":"e"})" "\n", "rec.jsonl:2: device 'e' removed but never added"},
        {header + std::string(5000, ' ') + "\n", "rec.jsonl:2: line longer than 4096 bytes"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text.substr(0, 200));
        auto result = parse(c.text);
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().message == c.error);
    }
}
