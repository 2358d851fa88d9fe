#include "ledger/checkpoint.h"

#include <charconv>
#include <vector>

#include "ledger/record.h"

namespace kiosk::ledger {
namespace {

constexpr std::string_view origin_suffix = "/kiosk-log/v1";

}  // namespace

std::string Checkpoint::text() const {
    return kiosk + std::string(origin_suffix) + "\n" + std::to_string(size) + "\n" + to_base64(root) + "\nprev " +
           (prev ? to_hex(*prev) : std::string("none")) + "\ntime " + time + "\n";
}

std::string Checkpoint::trusted_comment() const {
    return "kiosk-log v1 kiosk=" + kiosk + " size=" + std::to_string(size) + " root=" + to_base64(root) +
           " prev=" + (prev ? to_hex(*prev) : std::string("none")) + " time=" + time;
}

Result<Checkpoint> parse_checkpoint(std::string_view text) {
    if (text.size() > 4096) return fail("checkpoint is too long");
    if (!text.ends_with('\n')) return fail("checkpoint does not end with a line break (truncated?)");
    std::vector<std::string_view> lines;
    for (std::string_view rest = text; !rest.empty();) {
        auto end = rest.find('\n');
        lines.push_back(rest.substr(0, end));
        rest.remove_prefix(end + 1);
    }
    if (lines.size() != 5) return fail("checkpoint has " + std::to_string(lines.size()) + " lines, not 5");
    Checkpoint checkpoint;
    if (!lines[0].ends_with(origin_suffix) || lines[0].size() == origin_suffix.size())
        return fail("checkpoint line 1 is not '<kiosk id>/kiosk-log/v1'");
    checkpoint.kiosk = std::string(lines[0].substr(0, lines[0].size() - origin_suffix.size()));
    auto size_line = lines[1];
    auto [end, error] = std::from_chars(size_line.data(), size_line.data() + size_line.size(), checkpoint.size);
    if (error != std::errc{} || end != size_line.data() + size_line.size() || size_line.empty() ||
        (size_line.size() > 1 && size_line[0] == '0'))
        return fail("checkpoint line 2 is not a tree size");
    auto root = digest_from_base64(lines[2]);
    if (!root) return fail("checkpoint line 3 is not a base64 SHA-256 root");
    checkpoint.root = *root;
    if (!lines[3].starts_with("prev ")) return fail("checkpoint line 4 is not 'prev <hex>|none'");
    auto prev = lines[3].substr(5);
    if (prev != "none") {
        auto digest = digest_from_hex(prev);
        if (!digest) return fail("checkpoint line 4 is not 'prev <hex>|none'");
        checkpoint.prev = *digest;
    }
    if (!lines[4].starts_with("time ")) return fail("checkpoint line 5 is not 'time <timestamp>'");
    checkpoint.time = std::string(lines[4].substr(5));
    auto time = normalise_date(checkpoint.time);
    if (!time || *time != checkpoint.time) return fail("checkpoint line 5 is not an RFC 3339 UTC timestamp");
    if (checkpoint.text() != text) return fail("checkpoint is not in canonical form");
    return checkpoint;
}

}  // namespace kiosk::ledger
