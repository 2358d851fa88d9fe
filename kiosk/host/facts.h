// The schema of the facts the signature rules judge (learned from osquery's table specs): for each
// subject kind, one table of FactSpec{name, type, doc}, defined beside the reader that produces those
// facts (machine.cpp, usb_tree.cpp, edid_facts.cpp + displays.cpp, …). Three things follow from it:
//   - a rule that names a fact its subject kind does not have, or compares a fact with the wrong
//     operand type, does not load (rules.cpp, with file:line);
//   - a reader that sets an undeclared fact, or a fact of the wrong type, is caught: RuleSet::judge
//     checks every subject with check_facts() in debug builds (all tests), and tests/host run every
//     reader over every fixture tree against the tables;
//   - the "## Facts" section of config/rules/README.md is facts_markdown(), and a test keeps it so.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "host/subject.h"

namespace kiosk::host {

enum class FactType { boolean, integer, text, texts };  // bool, std::int64_t, std::string, list of strings

std::string_view to_string(FactType type);  // "bool", "int", "string", "list"

struct FactSpec {
    std::string_view name;  // "usb.vid_pid"
    FactType type;
    std::string_view doc;   // one line of Markdown: what it is, with an example
};

struct SubjectSpec {
    std::string_view kind;    // "usb_device"
    std::string_view source;  // what the reader reads, Markdown: "`sys/bus/usb/devices`, one per device"
    std::span<const FactSpec> facts;
    std::span<const FactSpec> more_facts = {};  // display: the connector's facts after the EDID decoder's
    std::string_view note = {};                  // Markdown paragraph printed after the table, or empty
};

// The subject kinds and their tables, in the order the README lists them.
std::span<const SubjectSpec* const> subject_specs();
const SubjectSpec* find_subject_spec(std::string_view kind);

// A fact a rule on subjects of `kind` may name: the kind's own, or one of `machine` (visible to
// every rule). nullptr when there is none such.
const FactSpec* find_rule_fact(std::string_view kind, std::string_view name);

// The declared fact closest in spelling to `name` for a rule on `kind`, if one is close ("usb.vid_pid"
// for "usb.vidpid"): for error messages.
std::optional<std::string_view> nearest_rule_fact(std::string_view kind, std::string_view name);

// What is wrong with a subject against its kind's table: an unknown kind, an undeclared fact or a
// fact of the wrong type. nullopt when nothing is.
std::optional<std::string> check_facts(const Subject& subject);

// The "## Facts" section of config/rules/README.md, from "## Facts" to the end of the file.
std::string facts_markdown();

// The tables, each defined beside its reader (functions, so no table depends on another file's
// static initialisation).
const SubjectSpec& machine_subject_spec();        // machine.cpp
const SubjectSpec& usb_device_subject_spec();     // usb_tree.cpp
std::span<const FactSpec> edid_fact_specs();      // edid_facts.cpp: the edid.* facts of a display
const SubjectSpec& display_subject_spec();        // displays.cpp: edid.* and display.*
const SubjectSpec& camera_subject_spec();         // video_devices.cpp
const SubjectSpec& camera_probe_subject_spec();   // camera_judge.cpp
const SubjectSpec& input_subject_spec();          // pointer_devices.cpp
const SubjectSpec& process_subject_spec();        // processes.cpp
const SubjectSpec& socket_subject_spec();         // listening_sockets.cpp
const SubjectSpec& module_subject_spec();         // kernel_modules.cpp
const SubjectSpec& net_interface_subject_spec();  // net_interfaces.cpp
const SubjectSpec& neighbour_subject_spec();      // neighbours.cpp
const SubjectSpec& mdns_subject_spec();           // mdns_browse.cpp
const SubjectSpec& inventory_subject_spec();      // reading.cpp

}  // namespace kiosk::host
