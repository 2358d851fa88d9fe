#include "host/reading.h"

namespace kiosk::host {

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

}  // namespace kiosk::host
