// libFuzzer target for the session summaries the ledger rebuilds from its records (listing, show,
// verify): record lines and bodies of any shape through SummaryBuilder, then summary_difference
// against the rebuilt rows themselves (must agree) and against rows with one change (must not).
//
// Input: lines; per line, byte 0 picks how the record arrives (a raw line, a line the writer makes
// from the rest as body, or a purged row with no line), byte 1 its type, byte 2 its session.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/session_summaries.h"

namespace {

using namespace kiosk::ledger;

constexpr std::array<std::string_view, 13> types{
    record_type::genesis, record_type::checkpoint_ref, record_type::purge,          record_type::session_start,
    record_type::consent, record_type::step,           record_type::check,          record_type::challenge,
    record_type::fingerprint, record_type::recommendation, record_type::decision, record_type::session_end,
    "unknown.type"};

std::string session_for(std::uint8_t byte) { return byte % 5 == 0 ? std::string() : "s-" + std::to_string(byte % 5); }

// The rest of the line as a body: JSON when it parses to an object, else wrapped so it is one.
nlohmann::json body_from(std::string_view text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_object()) return parsed;
    if (parsed.is_discarded())
        return {{"sessions", nlohmann::json::array({std::string(text)})}, {"verdict", std::string(text)}};
    return {{"sessions", parsed}, {"verdict", parsed}, {"workflow", parsed}};
}

void add_line(SummaryBuilder& builder, std::uint64_t seq, std::string_view line) {
    const auto mode = line.size() > 0 ? static_cast<std::uint8_t>(line[0]) % 3 : 0;
    const auto type = types[line.size() > 1 ? static_cast<std::uint8_t>(line[1]) % types.size() : 0];
    const auto session = session_for(line.size() > 2 ? static_cast<std::uint8_t>(line[2]) : 0);
    const auto rest = line.substr(std::min<std::size_t>(line.size(), 3));
    const auto ts = "2026-01-01T00:00:" + std::to_string(10 + seq % 50) + ".000Z";
    StoredRecord stored{seq, {}, false, {}, {}, std::string(type), session, ts};
    if (mode == 0) {
        stored.line = std::string(rest);
        auto record = parse_record_line(rest);
        builder.add(stored, record ? &*record : nullptr);
    } else if (mode == 1) {
        stored.line = make_record_line(seq, {}, ts, "kiosk-fuzz", type, session, std::string(16, '\0'), body_from(rest));
        auto record = parse_record_line(stored.line);
        if (!record) __builtin_trap();  // what the writer makes, the reader must take
        builder.add(stored, &*record);
    } else {
        stored.purged = true;
        builder.add(stored, nullptr);
    }
}

std::vector<SessionSummary> rows_of(const std::map<std::string, SessionSummary>& summaries) {
    std::vector<SessionSummary> rows;
    for (const auto& [id, summary] : summaries) rows.push_back(summary);
    return rows;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    SummaryBuilder builder;
    std::uint64_t seq = 0;
    for (std::size_t at = 0; at <= input.size();) {
        auto end = input.find('\n', at);
        if (end == std::string_view::npos) end = input.size();
        add_line(builder, seq++, input.substr(at, end - at));
        at = end + 1;
    }
    const auto& summaries = builder.summaries();
    auto rows = rows_of(summaries);
    if (summary_difference(summaries, rows)) __builtin_trap();  // the table as written agrees with itself
    if (rows.empty()) return 0;

    auto changed = rows;
    ++changed.back().records;
    if (!summary_difference(summaries, changed)) __builtin_trap();
    changed = rows;
    changed.pop_back();
    if (!summary_difference(summaries, changed)) __builtin_trap();
    changed = rows;
    changed.push_back(rows.front());
    changed.back().id += "-forged";
    if (!summary_difference(summaries, changed)) __builtin_trap();
    return 0;
}
