#include "ledger/record.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace kiosk::ledger {
namespace {

std::string quoted(std::string_view text) {
    return nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::string> string_field(const nlohmann::json& object, const char* name) {
    auto it = object.find(name);
    if (it == object.end() || !it->is_string()) return fail(std::string("field \"") + name + "\" is missing or not a string");
    return it->get<std::string>();
}

bool digits(std::string_view text) {
    for (char c : text)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return !text.empty();
}

}  // namespace

std::string make_record_line(std::uint64_t seq, const Digest& prev, std::string_view ts, std::string_view kiosk,
                             std::string_view type, std::string_view session, std::string_view nonce,
                             const nlohmann::json& body) {
    std::string line = "{\"v\":" + std::to_string(record_version) + ",\"seq\":" + std::to_string(seq) +
                       ",\"prev\":\"sha256:" + to_hex(prev) + "\",\"ts\":" + quoted(ts) + ",\"kiosk\":" + quoted(kiosk) +
                       ",\"type\":" + quoted(type) + ",\"session\":" + (session.empty() ? "null" : quoted(session)) +
                       ",\"nonce\":\"" + to_base64(nonce) + "\",\"body\":" +
                       body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "}";
    return line;
}

Result<Record> parse_record_line(std::string_view line) {
    if (line.empty()) return fail("empty record line");
    if (line.find('\n') != std::string_view::npos) return fail("record line contains a line break");
    auto json = nlohmann::json::parse(line, nullptr, false);
    if (json.is_discarded()) return fail("record is not valid JSON (torn or corrupted line)");
    if (!json.is_object()) return fail("record is not a JSON object");
    Record record;
    auto v = json.find("v");
    if (v == json.end() || !v->is_number_integer()) return fail("field \"v\" is missing or not an integer");
    if (v->get<std::int64_t>() != record_version)
        return fail("record version " + v->dump() + " is not the supported " + std::to_string(record_version));
    record.version = record_version;
    auto seq = json.find("seq");
    if (seq == json.end() || !seq->is_number_unsigned()) return fail("field \"seq\" is missing or not a count");
    record.seq = seq->get<std::uint64_t>();
    auto prev = string_field(json, "prev");
    if (!prev) return std::unexpected(prev.error());
    if (!prev->starts_with("sha256:")) return fail("field \"prev\" is not sha256:<hex>");
    auto prev_digest = digest_from_hex(std::string_view(*prev).substr(7));
    if (!prev_digest) return fail("field \"prev\" is not sha256:<64 lower-case hex digits>");
    record.prev = *prev_digest;
    for (auto [name, target] : {std::pair{"ts", &record.ts}, {"kiosk", &record.kiosk}, {"type", &record.type}}) {
        auto value = string_field(json, name);
        if (!value) return std::unexpected(value.error());
        *target = *value;
    }
    if (auto ts = normalise_date(record.ts); !ts || *ts != record.ts)
        return fail("field \"ts\" is not an RFC 3339 UTC timestamp with milliseconds");
    if (record.kiosk.empty() || record.type.empty()) return fail("fields \"kiosk\" and \"type\" must not be empty");
    auto session = json.find("session");
    if (session == json.end()) return fail("field \"session\" is missing");
    if (session->is_string()) {
        record.session = session->get<std::string>();
        if (record.session.empty()) return fail("field \"session\" is empty (null means no session)");
    } else if (!session->is_null()) {
        return fail("field \"session\" is neither a string nor null");
    }
    auto nonce_text = string_field(json, "nonce");
    if (!nonce_text) return std::unexpected(nonce_text.error());
    auto nonce = from_base64(*nonce_text);
    if (!nonce || nonce->size() != 16) return fail("field \"nonce\" is not 16 bytes of base64");
    auto body = json.find("body");
    if (body == json.end() || !body->is_object()) return fail("field \"body\" is missing or not an object");
    record.body = std::move(*body);
    if (json.size() != 9) return fail("record has fields beyond v, seq, prev, ts, kiosk, type, session, nonce, body");
    // One spelling per record: the line must be exactly what the writer makes of these fields, so
    // duplicate keys, reordered fields or extra spaces cannot carry a second meaning.
    if (make_record_line(record.seq, record.prev, record.ts, record.kiosk, record.type, record.session, *nonce,
                         record.body) != line)
        return fail("record is not in the ledger's canonical form");
    return record;
}

Digest genesis_prev(std::string_view kiosk_id) { return sha256("kiosk-log/v1 genesis " + std::string(kiosk_id)); }

std::string body_string(const nlohmann::json& body, const char* key) {
    auto it = body.find(key);
    return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string utc_timestamp(std::chrono::system_clock::time_point when) {
    auto ms = std::chrono::floor<std::chrono::milliseconds>(when).time_since_epoch().count();
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    if (ms % 1000 < 0) --seconds;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    char millis[8];
    std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(((ms % 1000) + 1000) % 1000));
    return std::string(text, length) + millis;
}

Result<std::string> normalise_date(std::string_view text) {
    auto bad = [&] {
        return fail("'" + std::string(text.substr(0, 40)) + "' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[.mmm]Z)");
    };
    if (text.size() < 10 || !digits(text.substr(0, 4)) || text[4] != '-' || !digits(text.substr(5, 2)) ||
        text[7] != '-' || !digits(text.substr(8, 2)))
        return bad();
    int month = std::stoi(std::string(text.substr(5, 2))), day = std::stoi(std::string(text.substr(8, 2)));
    if (month < 1 || month > 12 || day < 1 || day > 31) return bad();
    std::string date(text.substr(0, 10));
    if (text.size() == 10) return date + "T00:00:00.000Z";
    if (text.size() != 20 && text.size() != 24) return bad();
    if (text[10] != 'T' || !digits(text.substr(11, 2)) || text[13] != ':' || !digits(text.substr(14, 2)) ||
        text[16] != ':' || !digits(text.substr(17, 2)) || text.back() != 'Z')
        return bad();
    if (std::stoi(std::string(text.substr(11, 2))) > 23 || std::stoi(std::string(text.substr(14, 2))) > 59 ||
        std::stoi(std::string(text.substr(17, 2))) > 60)
        return bad();
    std::string millis = ".000";
    if (text.size() == 24) {
        if (text[19] != '.' || !digits(text.substr(20, 3))) return bad();
        millis = std::string(text.substr(19, 4));
    }
    return date + "T" + std::string(text.substr(11, 8)) + millis + "Z";
}

}  // namespace kiosk::ledger
