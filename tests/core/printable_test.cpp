// core/printable.h: what sysfs text and ledger fields look like once made safe to store and to show.
#include "core/printable.h"

#include <doctest/doctest.h>

#include <string>

using kiosk::escaped;
using kiosk::is_printable;
using kiosk::is_utf8;
using kiosk::printable;

TEST_CASE("printable: keeps valid UTF-8 and replaces the rest") {
    CHECK(printable("Dell Inc.") == "Dell Inc.");
    CHECK(printable("caf\xc3\xa9") == "caf\xc3\xa9");
    CHECK(printable("a\xff\xfe" "b") == "a??b");
    CHECK(printable("\xe2\x82") == "??");
    CHECK(printable(std::string("x\0y\x1b", 4)) == "x?y?");
    CHECK(printable("\xed\xa0\x80") == "???");  // a UTF-16 surrogate is not UTF-8
    CHECK(printable("a\xc2\x9b" "b") == "a?b");  // C1 CSI: a terminal may obey it
}

TEST_CASE("printable: is_printable refuses control characters and invalid UTF-8, accepts names") {
    CHECK(is_printable("hire-123"));
    CHECK(is_printable("Jos\xc3\xa9 N\xc3\xba\xc3\xb1" "ez"));
    CHECK(is_printable("a\\b"));
    CHECK(is_printable(""));
    CHECK_FALSE(is_printable("hire-1\nfake row"));
    CHECK_FALSE(is_printable("tab\there"));
    CHECK_FALSE(is_printable("\x1b[2J"));
    CHECK_FALSE(is_printable("del\x7f"));
    CHECK_FALSE(is_printable("c1\xc2\x85"));
    CHECK_FALSE(is_printable("bad\xff"));
}

TEST_CASE("printable: escaped writes every control character, invalid byte and backslash as an escape") {
    CHECK(escaped("cand-42") == "cand-42");
    CHECK(escaped("Jos\xc3\xa9") == "Jos\xc3\xa9");
    CHECK(escaped("a\nb\rc\td") == "a\\nb\\rc\\td");
    CHECK(escaped("\x1b[31mred") == "\\x1b[31mred");
    CHECK(escaped(std::string("nul\0", 4)) == "nul\\x00");
    CHECK(escaped("del\x7f") == "del\\x7f");
    CHECK(escaped("c1\xc2\x9b") == "c1\\xc2\\x9b");
    CHECK(escaped("bad\xff") == "bad\\xff");
    // The backslash itself is escaped, so a typed "\n" and a real newline never look the same.
    CHECK(escaped("a\\nb") == "a\\\\nb");
    CHECK(escaped("a\\nb") != escaped("a\nb"));
}

TEST_CASE("printable: is_utf8 accepts control characters, refuses invalid bytes") {
    CHECK(is_utf8("caf\xc3\xa9 line\nnext\t"));
    CHECK(is_utf8(""));
    CHECK_FALSE(is_utf8("bad\xfe.bin"));
    CHECK_FALSE(is_utf8("\xe2\x82"));
    CHECK_FALSE(is_utf8("\xed\xa0\x80"));
}

TEST_CASE("printable: bidirectional overrides and isolates are control characters too, other scripts are not") {
    const std::string rlo = "\xe2\x80\xae";  // U+202E RIGHT-TO-LEFT OVERRIDE: "ssap" after it shows as "pass"
    CHECK_FALSE(is_printable("cand-7 " + rlo + "ssap"));
    CHECK(escaped("a" + rlo + "b") == "a\\xe2\\x80\\xaeb");
    CHECK(printable("a\xe2\x81\xa6" "b") == "a?b");  // U+2066 LEFT-TO-RIGHT ISOLATE
    CHECK_FALSE(is_printable("\xe2\x80\x8f"));       // U+200F RIGHT-TO-LEFT MARK
    CHECK_FALSE(is_printable("\xd8\x9c"));           // U+061C ARABIC LETTER MARK
    CHECK(is_printable("\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d"));  // Hebrew letters are text, not formatting
    CHECK(is_printable("\xe2\x80\x94"));             // U+2014 EM DASH, next to the overrides
    CHECK(is_utf8("a" + rlo));                       // still valid UTF-8: JSON keeps it exactly
}
