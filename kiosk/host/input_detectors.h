// Behaviour detectors over an input stream (live, recorded or synthesised): they look at timing,
// geometry and which device produced input — signals a KVM cannot rename away (kvm.md §9).
#pragma once
#include <vector>

#include "core/finding.h"
#include "host/input_event.h"

namespace kiosk::host {

// Absolute jumps of a non-touch absolute pointer with no motion in between (browser-driven KVM mice).
std::vector<Finding> detect_teleports(const InputStream& stream);

// Tiny pointer moves that recur after a fixed idle time (firmware and software mouse jigglers),
// named after the firmware whose cadence and shape they match (PiKVM, JetKVM, NanoKVM).
std::vector<Finding> detect_jigglers(const InputStream& stream);

// Sustained input on a device attached during the stream while the built-in keyboard and
// touchpad produce nothing.
std::vector<Finding> detect_new_device_input(const InputStream& stream);

// Every detector above, in one explicit list.
std::vector<Finding> detect_input_behaviour(const InputStream& stream);

// How findings name a device: "input event5 (PiKVM Composite Device)".
std::string input_subject_name(const InputDevice& device);

}  // namespace kiosk::host
