#include "host/reading.h"

#include "host/facts.h"

namespace kiosk::host {
namespace {

constexpr FactSpec inventory_facts[] = {
    {"inventory.part", FactType::text, "usb, processes, `sockets (proc/net/tcp)`, modules, input, …"},
    {"inventory.skipped", FactType::integer,
     "entries left unread past a reader's cap: devices, processes, or table lines"},
    {"inventory.how", FactType::text,
     "how many were found and which were read: USB devices with HID, video, hub, storage, network or audio "
     "interfaces or several interfaces first and the rest at random; a random sample of processes; the first "
     "MiB of a table"},
    {"inventory.error", FactType::text,
     "why a part could not be read at all, `sys/class/drm: Permission denied` (then no `skipped` or `how`)"},
};

}  // namespace

const SubjectSpec& inventory_subject_spec() {
    static constexpr SubjectSpec spec{
        "inventory",
        "a part of the machine a reader could not read in full, or at all; none when every entry was read",
        inventory_facts, {},
        "`anomaly.inventory_truncated` and `anomaly.inventory_unreadable` (inventory.toml) turn each into a high "
        "finding."};
    return spec;
}

const Subject* Reading::find(std::string_view kind, std::string_view fact, std::string_view value) const {
    for (const auto& subject : subjects) {
        if (subject.kind != kind) continue;
        auto found = subject.facts.find(fact);
        if (found == subject.facts.end()) continue;
        if (const auto* text = std::get_if<std::string>(&found->second); text && *text == value) return &subject;
    }
    return nullptr;
}

void report_truncated(Reading& reading, const std::string& part, std::size_t skipped, const std::string& how) {
    const auto count = static_cast<std::int64_t>(skipped);
    Subject subject{"inventory", part + ": " + std::to_string(skipped) + " not read (" + how + ")", {}};
    subject.facts["inventory.part"] = part;
    subject.facts["inventory.skipped"] = count;
    subject.facts["inventory.how"] = how;
    reading.subjects.push_back(std::move(subject));
    reading.inventory["truncated"].push_back({{"part", part}, {"skipped", count}, {"how", how}});
}

void report_unreadable(Reading& reading, const std::string& part, const Error& error) {
    auto message = error.message;  // "ROOT/sys/class/drm: Not a directory": say it relative to the root
    if (const auto root = reading.root.string() + (reading.root.string().ends_with('/') ? "" : "/");
        message.starts_with(root))
        message.erase(0, root.size());
    Subject subject{"inventory", part + ": could not read " + message, {}};
    subject.facts["inventory.part"] = part;
    subject.facts["inventory.error"] = message;
    reading.subjects.push_back(std::move(subject));
    reading.inventory["unreadable"].push_back({{"part", part}, {"error", message}});
}

}  // namespace kiosk::host
