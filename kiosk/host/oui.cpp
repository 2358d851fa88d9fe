#include "host/oui.h"

#include <array>
#include <cctype>
#include <fstream>
#include <map>

namespace kiosk::host {

namespace {

constexpr std::array registration_digits{9u, 7u, 6u};  // MA-S, MA-M, MA-L: the most specific first

// The first `wanted` fields of one CSV record into `fields` (reused from line to line, so a pass
// over the registry allocates almost nothing), honouring quotes and doubled quotes; ieee-data has
// no newlines inside fields. Returns how many fields the record has, up to `wanted`.
std::size_t csv_fields(std::string_view line, std::size_t wanted, std::vector<std::string>& fields) {
    if (fields.size() < wanted) fields.resize(wanted);
    std::size_t count = 1;
    fields[0].clear();
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields[count - 1] += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields[count - 1] += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            if (count == wanted) break;
            fields[count++].clear();
        } else if (c != '\r') {
            fields[count - 1] += c;
        }
    }
    return count;
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

}  // namespace

std::optional<std::string> normalise_mac(std::string_view text) {
    std::string hex;
    for (char c : text) {
        if (c == ':' || c == '-' || c == '.') continue;
        if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
        hex += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (hex.size() != 12) return std::nullopt;
    return hex;
}

OuiRegistry OuiRegistry::open(const std::filesystem::path& dir) {
    OuiRegistry registry;
    for (const char* file : {"oui.csv", "mam.csv", "oui36.csv"})
        if (std::ifstream(dir / file)) registry.files_.push_back((dir / file).string());
    return registry;
}

std::vector<std::optional<OuiVendor>> OuiRegistry::lookup(std::span<const std::string> macs) const {
    std::vector<std::optional<std::string>> hexes;
    // Every prefix a MAC asked for could be registered under, with the last line registering it.
    std::map<std::string, std::optional<OuiVendor>, std::less<>> wanted;
    for (const auto& mac : macs) {
        auto& hex = hexes.emplace_back(normalise_mac(mac));
        if (hex)
            for (auto digits : registration_digits) wanted.try_emplace(hex->substr(0, digits));
    }
    if (!wanted.empty()) {
        std::vector<std::string> fields;
        std::string prefix;
        for (const auto& file : files_) {
            std::ifstream in(file);
            for (std::string line; std::getline(in, line);) {
                if (csv_fields(line, 2, fields) < 2) continue;
                prefix = trim(fields[1]);
                for (auto& c : prefix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                auto it = wanted.find(prefix);  // holds only 6, 7 or 9 hex digits
                if (it == wanted.end() || csv_fields(line, 3, fields) < 3) continue;
                it->second = OuiVendor{std::string(trim(fields[0])), prefix, std::string(trim(fields[2]))};
            }
        }
    }
    std::vector<std::optional<OuiVendor>> vendors;
    for (const auto& hex : hexes) {
        auto& vendor = vendors.emplace_back();
        if (!hex) continue;
        for (auto digits : registration_digits) {
            if (const auto& found = wanted.find(hex->substr(0, digits))->second) {
                vendor = found;
                break;
            }
        }
    }
    return vendors;
}

std::optional<OuiVendor> OuiRegistry::lookup(std::string_view mac) const {
    const std::string one[]{std::string(mac)};
    return lookup(one).front();
}

}  // namespace kiosk::host
