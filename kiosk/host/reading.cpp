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

}  // namespace kiosk::host
