// What the ledger commands show a person: values from the records (typed by people, or forged) are
// escaped, so a newline or a terminal escape in a subject cannot forge a row or clear the screen;
// errors are one line; and `kiosk session run` refuses such a subject or operator at the door.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/exit_code.h"
#include "ledger_support.h"

using namespace kiosk;
using kiosk::test::TestLedger;

namespace {

// A session whose free-text fields carry control characters, written straight to the ledger as
// another writer (or an older kiosk) could have done.
void hostile_session(const TestLedger& t) {
    auto ledger = t.open();
    auto must = [](auto result) { REQUIRE(result.has_value()); };
    must(ledger.append("session.start", "s-1",
                       {{"workflow", "interview"},
                        {"subject", "cand-1\ns-forged  interview  2026-01-01T00:00:00.000Z  complete  pass"},
                        {"operator", "op\x1b[2Jx"}}));
    must(ledger.append("session.decision", "s-1",
                       {{"verdict", "review"}, {"by", "it\\n7\r"}, {"reason", "ok\x7f\xc2\x9b" "31m"}}));
    must(ledger.append("session.end", "s-1", {{"outcome", "completed"}}));
}

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::ranges::count(text, '\n')); }

bool has(const std::string& text, std::string_view words) { return text.find(words) != std::string::npos; }

// No C0 control but the line ends, no DEL, no C1.
bool terminal_safe(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 && c != '\n') || c == 0x7f) return false;
        if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xa0) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("display: a newline or escape in a subject, operator or reason cannot forge rows in list or show") {
    TestLedger t;
    hostile_session(t);
    auto listed = t.cli({"list"});
    REQUIRE(listed.code == 0);
    CHECK_MESSAGE(lines(listed.out) == 3, listed.out);  // header, the one session, the count
    CHECK(terminal_safe(listed.out));
    CHECK(has(listed.out, "cand-1\\ns-forged"));
    CHECK(has(listed.out, "op\\x1b[2Jx"));

    auto shown = t.cli({"show", "s-1"});
    REQUIRE(shown.code == 0);
    CHECK_MESSAGE(lines(shown.out) == 4 + 3, shown.out);  // the summary's four lines, three records
    CHECK(terminal_safe(shown.out));
    CHECK(has(shown.out, "decision review by it\\\\n7\\r\n"));  // a typed backslash stays apart from a newline
    CHECK(has(shown.out, "ok\\u007f\\u009b31m"));              // record bodies as JSON, every control escaped

    // --json carries the exact values for programs.
    auto json = nlohmann::json::parse(t.cli({"list", "--json"}).out);
    CHECK(json["sessions"][0]["subject"] == "cand-1\ns-forged  interview  2026-01-01T00:00:00.000Z  complete  pass");
    CHECK(json["sessions"][0]["operator"] == "op\x1b[2Jx");
}

TEST_CASE("display: an error quoting a forged value is still one line") {
    TestLedger t;
    {
        auto ledger = t.open();
        test::write_session(ledger, "s-1", "cand-1");
    }
    // The kiosk id every record is held against, given a newline: verify quotes it in its error.
    test::sql(t.data_dir(), "UPDATE meta SET value = 'kiosk-test' || char(10) || 'ledger verifies' WHERE key = 'kiosk_id'");
    auto run = t.cli({"verify"});
    CHECK(run.code == kiosk::exit_tampered);
    CHECK_MESSAGE(lines(run.err) == 1, run.err);
    CHECK(has(run.err, "kiosk-test\\nledger verifies"));
    CHECK(terminal_safe(run.err));
}

TEST_CASE("display: kiosk session run refuses control characters in --subject and --operator with exit 2") {
    TestLedger t;
    test::write_file(t.config(), "[kiosk]\nid = \"kiosk-test\"\n");
    const std::pair<std::string, std::string> bad[] = {{"--subject", "cand-1\nforged row"},
                                                       {"--subject", "cand\x1b[2J"},
                                                       {"--subject", "cand\xc2\x85"},
                                                       {"--subject", "cand\xff"},
                                                       {"--operator", "it\t7"}};
    for (const auto& [option, value] : bad) {
        CAPTURE(value);
        std::vector<std::string> args = {"session", "run", "--workflow", "handoff", "--operator", "it-7", "--subject",
                                         "cand-1", "--config", t.config().string(), "--data-dir", t.data_dir().string()};
        *(std::ranges::find(args, option) + 1) = value;
        auto run = test::kiosk(args);
        CHECK(run.code == 2);
        CHECK_MESSAGE(run.err == "kiosk session run: " + option +
                                     " must be printable text: no newline, tab or other control character, and valid UTF-8\n",
                      run.err);
        CHECK_FALSE(std::filesystem::exists(t.data_dir() / "ledger.sqlite"));  // nothing written
    }
}
