// Text from outside the kiosk (sysfs attributes, names a person typed, ledger fields) made safe to
// store as JSON and to show on a terminal. One notion of "control character" for all three: C0,
// DEL, C1 (U+0080-U+009F, which some terminals obey as escape sequences) and the bidirectional
// formatting characters (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), which reorder a line.
#pragma once
#include <string>
#include <string_view>

namespace kiosk {

// Valid UTF-8 with control characters and invalid bytes replaced by '?', so JSON output never fails.
std::string printable(std::string_view bytes);

// True when `text` is valid UTF-8 without control characters (printable() would leave it as it is).
bool is_printable(std::string_view text);

// True when `bytes` is valid UTF-8 (control characters allowed): what a JSON string may hold.
bool is_utf8(std::string_view bytes);

// For a person's terminal: every control character and invalid byte written as an escape (\n, \r,
// \t, else \xHH per byte) and a backslash as \\, so a value can neither start a line of its own
// nor move the cursor, and its bytes can still be read back exactly.
std::string escaped(std::string_view bytes);

}  // namespace kiosk
