// The verdict vocabularies, each an enum with its one string mapping: what a session, a check or a
// camera stream concludes (pass, review, fail) and what a scan says of the machine (clean,
// suspicious, compromised). Code compares the enums; the strings are for JSON, the ledger and people.
#pragma once
#include <optional>
#include <string_view>

namespace kiosk {

enum class Verdict { pass, review, fail };

std::string_view to_string(Verdict verdict);
std::optional<Verdict> parse_verdict(std::string_view text);

enum class HostVerdict { clean, suspicious, compromised };

std::string_view to_string(HostVerdict verdict);

}  // namespace kiosk
