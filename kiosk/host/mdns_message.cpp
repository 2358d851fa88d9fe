#include "host/mdns_message.h"

#include <arpa/inet.h>

#include <array>

namespace kiosk::host {
namespace {

constexpr std::size_t header_bytes = 12;
constexpr std::size_t max_name_bytes = 255;  // RFC 1035 §2.3.4, counted as on the wire
constexpr std::size_t max_label_bytes = 63;
constexpr std::uint16_t class_in = 1;
constexpr std::uint16_t cache_flush_bit = 0x8000;

class WireReader {
public:
    explicit WireReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

    Result<std::uint16_t> u16(std::size_t& at) const {
        if (bytes_.size() < 2 || at > bytes_.size() - 2) return truncated(at);
        auto value = static_cast<std::uint16_t>(bytes_[at] << 8 | bytes_[at + 1]);
        at += 2;
        return value;
    }

    Result<std::uint32_t> u32(std::size_t& at) const {
        auto high = u16(at);
        if (!high) return std::unexpected(high.error());
        auto low = u16(at);
        if (!low) return std::unexpected(low.error());
        return std::uint32_t{*high} << 16 | *low;
    }

    // A possibly compressed name starting at `at`; `at` moves past it in the record (not past the
    // places pointers lead to). Each pointer must lead strictly before the previous one's target, so
    // reading always ends.
    Result<std::string> name(std::size_t& at) const {
        std::string out;
        std::size_t cursor = at;
        std::size_t lowest = at;  // pointers must go below this
        std::size_t wire_length = 1;
        bool jumped = false;
        while (true) {
            if (cursor >= bytes_.size()) return truncated(cursor);
            const std::uint8_t length = bytes_[cursor];
            if ((length & 0xC0) == 0xC0) {
                if (cursor + 1 >= bytes_.size()) return truncated(cursor);
                const std::size_t target = std::size_t(length & 0x3F) << 8 | bytes_[cursor + 1];
                if (target >= lowest) return bad(cursor, "a name's compression pointer does not point backwards");
                if (!jumped) at = cursor + 2;
                jumped = true;
                lowest = target;
                cursor = target;
                continue;
            }
            if (length & 0xC0) return bad(cursor, "a name label has a reserved type");
            if (length == 0) {
                if (!jumped) at = cursor + 1;
                return out;
            }
            wire_length += 1 + std::size_t{length};
            if (wire_length > max_name_bytes) return bad(cursor, "a name is longer than 255 bytes");
            if (cursor + 1 + length > bytes_.size()) return truncated(cursor);
            if (!out.empty()) out += '.';
            for (std::size_t i = cursor + 1; i <= cursor + length; ++i) {
                const auto byte = bytes_[i];
                out += byte >= 0x20 && byte < 0x7F && byte != '.' ? static_cast<char>(byte) : '?';
            }
            cursor += 1 + std::size_t{length};
        }
    }

    std::span<const std::uint8_t> bytes() const { return bytes_; }

    static Error error_at(std::size_t at, std::string_view why) {
        return Error{"DNS message: " + std::string(why) + " (byte " + std::to_string(at) + ")"};
    }

private:
    static std::unexpected<Error> truncated(std::size_t at) { return std::unexpected(error_at(at, "truncated")); }
    static std::unexpected<Error> bad(std::size_t at, std::string_view why) { return std::unexpected(error_at(at, why)); }

    std::span<const std::uint8_t> bytes_;
};

std::string address_text(int family, std::span<const std::uint8_t> raw) {
    std::array<char, INET6_ADDRSTRLEN> text{};
    if (!inet_ntop(family, raw.data(), text.data(), text.size())) return {};
    return text.data();
}

// The rdata of one record, decoded for the types the mDNS browse reads.
Result<std::string> record_data(const WireReader& wire, std::uint16_t type, std::size_t start, std::size_t length) {
    const auto rdata = wire.bytes().subspan(start, length);
    const auto end = start + length;
    switch (static_cast<DnsType>(type)) {
    case DnsType::a:
        if (length != 4) return std::unexpected(WireReader::error_at(start, "an A record is not 4 bytes"));
        return address_text(AF_INET, rdata);
    case DnsType::aaaa:
        if (length != 16) return std::unexpected(WireReader::error_at(start, "an AAAA record is not 16 bytes"));
        return address_text(AF_INET6, rdata);
    case DnsType::ptr:
    case DnsType::cname:
    case DnsType::srv: {
        std::size_t at = start + (type == std::uint16_t(DnsType::srv) ? 6 : 0);  // priority, weight, port
        if (at >= end) return std::unexpected(WireReader::error_at(start, "a record's data is too short for a name"));
        auto target = wire.name(at);
        if (!target) return target;
        if (at > end) return std::unexpected(WireReader::error_at(start, "a name runs past its record's data"));
        return target;
    }
    default: return std::string{};
    }
}

Result<bool> append_name(std::vector<std::uint8_t>& out, std::string_view name) {
    std::size_t wire_length = 1;
    while (!name.empty()) {
        const auto dot = name.find('.');
        const auto label = name.substr(0, dot);
        if (label.empty() || label.size() > max_label_bytes) return fail("cannot encode the name label '" + std::string(label) + "'");
        wire_length += 1 + label.size();
        if (wire_length > max_name_bytes) return fail("a name is longer than 255 bytes");
        out.push_back(static_cast<std::uint8_t>(label.size()));
        out.insert(out.end(), label.begin(), label.end());
        name = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
    }
    out.push_back(0);
    return true;
}

void append_u16(std::vector<std::uint8_t>& out, std::uint16_t value) {
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value & 0xFF));
}

}  // namespace

Result<std::vector<std::uint8_t>> build_dns_query(std::uint16_t id, std::span<const DnsQuestion> questions) {
    if (questions.size() > 0xFFFF) return fail("too many questions for one DNS message");
    std::vector<std::uint8_t> out;
    append_u16(out, id);
    append_u16(out, 0);  // a standard query; no flags
    append_u16(out, static_cast<std::uint16_t>(questions.size()));
    for (int section = 0; section < 3; ++section) append_u16(out, 0);
    for (const auto& question : questions) {
        if (auto encoded = append_name(out, question.name); !encoded) return std::unexpected(encoded.error());
        append_u16(out, question.type);
        append_u16(out, class_in);
    }
    return out;
}

Result<DnsMessage> parse_dns_message(std::span<const std::uint8_t> bytes) {
    const WireReader wire(bytes);
    if (bytes.size() < header_bytes) return std::unexpected(WireReader::error_at(bytes.size(), "shorter than a DNS header"));
    std::size_t at = 0;
    DnsMessage message;
    message.id = *wire.u16(at);
    message.response = (*wire.u16(at) & 0x8000) != 0;
    const std::size_t questions = *wire.u16(at);
    std::size_t records = 0;
    for (int section = 0; section < 3; ++section) records += *wire.u16(at);

    for (std::size_t i = 0; i < questions; ++i) {
        auto name = wire.name(at);
        if (!name) return std::unexpected(name.error());
        auto type = wire.u16(at);
        if (!type) return std::unexpected(type.error());
        if (auto question_class = wire.u16(at); !question_class) return std::unexpected(question_class.error());
        message.questions.push_back({std::move(*name), *type});
    }
    for (std::size_t i = 0; i < records; ++i) {
        DnsRecord record;
        auto name = wire.name(at);
        if (!name) return std::unexpected(name.error());
        record.name = std::move(*name);
        auto type = wire.u16(at);
        if (!type) return std::unexpected(type.error());
        auto record_class = wire.u16(at);
        if (!record_class) return std::unexpected(record_class.error());
        auto ttl = wire.u32(at);
        if (!ttl) return std::unexpected(ttl.error());
        auto length = wire.u16(at);
        if (!length) return std::unexpected(length.error());
        if (*length > bytes.size() - at) return std::unexpected(WireReader::error_at(at, "a record's data is truncated"));
        auto data = record_data(wire, *type, at, *length);
        if (!data) return std::unexpected(data.error());
        at += *length;
        record.type = *type;
        record.dns_class = static_cast<std::uint16_t>(*record_class & ~cache_flush_bit);
        record.ttl = *ttl;
        record.data = std::move(*data);
        message.records.push_back(std::move(record));
    }
    return message;
}

std::string_view dns_type_name(std::uint16_t type) {
    switch (static_cast<DnsType>(type)) {
    case DnsType::a: return "A";
    case DnsType::aaaa: return "AAAA";
    case DnsType::ptr: return "PTR";
    case DnsType::srv: return "SRV";
    case DnsType::cname: return "CNAME";
    case DnsType::txt: return "TXT";
    default: return "other";
    }
}

}  // namespace kiosk::host
