#include "host/oui.h"

#include <algorithm>
#include <cctype>
#include <fstream>

namespace kiosk::host {

namespace {

// The first three fields of one CSV record (Registry, Assignment, Organization Name), honouring
// quotes and doubled quotes; ieee-data has no newlines inside fields.
std::vector<std::string> csv_fields(const std::string& line, std::size_t wanted) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size() && fields.size() <= wanted; ++i) {
        char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    if (fields.size() > wanted) fields.resize(wanted);
    return fields;
}

std::string trim(std::string text) {
    auto first = text.find_first_not_of(" \t");
    auto last = text.find_last_not_of(" \t");
    return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

bool all_hex(std::string_view text) {
    for (char c : text)
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    return true;
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

OuiRegistry OuiRegistry::load(const std::filesystem::path& dir) {
    OuiRegistry registry;
    for (const char* file : {"oui.csv", "mam.csv", "oui36.csv"}) {
        std::ifstream in(dir / file);
        if (!in) continue;
        registry.files_.push_back((dir / file).string());
        std::string line;
        while (std::getline(in, line)) {
            auto fields = csv_fields(line, 3);
            if (fields.size() < 3) continue;
            auto prefix = trim(fields[1]);
            std::transform(prefix.begin(), prefix.end(), prefix.begin(), [](unsigned char c) { return std::toupper(c); });
            if ((prefix.size() == 6 || prefix.size() == 7 || prefix.size() == 9) && all_hex(prefix))
                registry.add(trim(fields[0]), std::move(prefix), trim(fields[2]));
        }
    }
    return registry;
}

void OuiRegistry::add(std::string registry, std::string prefix, std::string organization) {
    auto key = prefix;
    by_prefix_[key] = {std::move(registry), std::move(prefix), std::move(organization)};
    ++entries_;
}

std::optional<OuiVendor> OuiRegistry::lookup(std::string_view mac) const {
    auto hex = normalise_mac(mac);
    if (!hex) return std::nullopt;
    for (std::size_t digits : {9u, 7u, 6u})
        if (auto it = by_prefix_.find(hex->substr(0, digits)); it != by_prefix_.end()) return it->second;
    return std::nullopt;
}

const OuiRegistry& system_oui_registry() {
    static const OuiRegistry registry = OuiRegistry::load();
    return registry;
}

}  // namespace kiosk::host
