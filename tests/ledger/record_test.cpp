#include <doctest/doctest.h>

#include "ledger/record.h"

using namespace kiosk::ledger;

namespace {

std::string sample_line() {
    return make_record_line(7, sha256("previous"), "2026-01-31T14:03:07.123Z", "kiosk-a", "check.result", "s-1",
                            std::string(16, '\x05'), {{"id", "vision.score"}, {"value", 0.25}});
}

}  // namespace

TEST_CASE("record: a written line parses back to the same fields") {
    auto record = parse_record_line(sample_line());
    REQUIRE(record.has_value());
    CHECK(record->seq == 7);
    CHECK(record->prev == sha256("previous"));
    CHECK(record->kiosk == "kiosk-a");
    CHECK(record->type == "check.result");
    CHECK(record->session == "s-1");
    CHECK(record->body["value"] == 0.25);
    auto no_session = make_record_line(0, genesis_prev("k"), "2026-01-31T14:03:07.123Z", "k", "log.genesis", "",
                                       std::string(16, '\0'), nlohmann::json::object());
    REQUIRE(parse_record_line(no_session).has_value());
    CHECK(parse_record_line(no_session)->session.empty());
}

TEST_CASE("record: lines that are not exactly what the writer makes are refused") {
    auto line = sample_line();
    auto with = [&](std::string from, std::string to) {
        auto changed = line;
        changed.replace(changed.find(from), from.size(), to);
        return changed;
    };
    CHECK_FALSE(parse_record_line(line.substr(0, line.size() / 2)).has_value());       // torn
    CHECK_FALSE(parse_record_line(with("\"seq\":7", "\"seq\":7 ")).has_value());       // extra space
    CHECK_FALSE(parse_record_line(with("\"seq\":7", "\"seq\":-7")).has_value());       // negative
    CHECK_FALSE(parse_record_line(with("\"v\":1", "\"v\":2")).has_value());            // unknown version
    CHECK_FALSE(parse_record_line(with("\"seq\":7,", "\"seq\":7,\"seq\":8,")).has_value());  // duplicate key
    CHECK_FALSE(parse_record_line(with("sha256:", "sha1:")).has_value());
    CHECK_FALSE(parse_record_line(with(".123Z", "Z")).has_value());
    CHECK_FALSE(parse_record_line(with("\"session\":\"s-1\"", "\"session\":3")).has_value());
    CHECK_FALSE(parse_record_line(with("\"body\":{", "\"body\":[{")).has_value());
    CHECK_FALSE(parse_record_line("").has_value());
    CHECK_FALSE(parse_record_line("[1,2]").has_value());
    CHECK_FALSE(parse_record_line(line + "\n").has_value());
    CHECK(parse_record_line(sample_line()).has_value());
}

TEST_CASE("record: dates normalise to one comparable form and nonsense is refused") {
    CHECK(normalise_date("2026-03-01") == "2026-03-01T00:00:00.000Z");
    CHECK(normalise_date("2026-03-01T10:20:30Z") == "2026-03-01T10:20:30.000Z");
    CHECK(normalise_date("2026-03-01T10:20:30.456Z") == "2026-03-01T10:20:30.456Z");
    CHECK_FALSE(normalise_date("2026-13-01").has_value());
    CHECK_FALSE(normalise_date("yesterday").has_value());
    CHECK_FALSE(normalise_date("2026-03-01T25:00:00Z").has_value());
    CHECK(utc_timestamp(std::chrono::system_clock::time_point(std::chrono::milliseconds(1700000000123))) ==
          "2023-11-14T22:13:20.123Z");
}
