#include "core/verdict.h"

namespace kiosk {

std::string_view to_string(Verdict verdict) {
    switch (verdict) {
        case Verdict::pass: return "pass";
        case Verdict::review: return "review";
        case Verdict::fail: return "fail";
    }
    return "review";
}

std::optional<Verdict> parse_verdict(std::string_view text) {
    if (text == "pass") return Verdict::pass;
    if (text == "review") return Verdict::review;
    if (text == "fail") return Verdict::fail;
    return std::nullopt;
}

std::string_view to_string(HostVerdict verdict) {
    switch (verdict) {
        case HostVerdict::clean: return "clean";
        case HostVerdict::suspicious: return "suspicious";
        case HostVerdict::compromised: return "compromised";
    }
    return "suspicious";
}

}  // namespace kiosk
