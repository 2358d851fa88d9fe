// Deterministic synthesised input streams: each KVM behaviour of kvm.md §9 and ordinary human use.
// tests/fixtures/watch/*.jsonl are written by watch_make_streams from exactly these functions, and a
// test checks that the checked-in files still match them.
#pragma once
#include <string>
#include <vector>

#include "host/input_event.h"

namespace kiosk::test::synth {

struct NamedStream {
    std::string file;  // e.g. "pikvm_jiggler.jsonl"
    host::InputStream stream;
};

host::InputStream pikvm_jiggler(bool absolute = true);  // 60 s ±25 %, five ±100 (abs) / ±10 (rel) moves 100 ms apart
host::InputStream jetkvm_park();                        // (1,1) then (0,0) after 20 s idle
host::InputStream nanokvm_centre();                     // (0x3F00,0x3F00) then (0x3FFF,0x3FFF) after 15 s idle
host::InputStream teleports();                          // a remote operator driving an absolute pointer
host::InputStream new_device_input();                   // KVM attached mid-stream; built-ins silent
host::InputStream software_jiggler();                   // a uinput device nudging 1 count every 30 s
host::InputStream human_typing();                       // built-in keyboard bursts and touchpad strokes
host::InputStream human_mouse();                        // hand-moved USB mouse, a second mouse plugged in, typing

// Every stream that is checked in under tests/fixtures/watch/.
std::vector<NamedStream> fixture_streams();

}  // namespace kiosk::test::synth
