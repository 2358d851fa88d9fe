#include "host/fingerprint.h"

#include <sodium.h>

#include <array>
#include <set>

namespace kiosk::host {

namespace {

const std::string* text(const Subject& subject, std::string_view name) {
    auto it = subject.facts.find(name);
    if (it == subject.facts.end()) return nullptr;
    auto* value = std::get_if<std::string>(&it->second);
    return value && !value->empty() ? value : nullptr;
}

bool flag(const Subject& subject, std::string_view name) {
    auto it = subject.facts.find(name);
    if (it == subject.facts.end()) return false;
    auto* value = std::get_if<bool>(&it->second);
    return value && *value;
}

std::vector<std::string> texts(const Subject& subject, std::string_view name) {
    auto it = subject.facts.find(name);
    if (it == subject.facts.end()) return {};
    if (auto* list = std::get_if<std::vector<std::string>>(&it->second)) return *list;
    if (auto* one = std::get_if<std::string>(&it->second)) return {*one};
    return {};
}

std::optional<std::int64_t> number(const Subject& subject, std::string_view name) {
    auto it = subject.facts.find(name);
    if (it == subject.facts.end()) return std::nullopt;
    if (auto* value = std::get_if<std::int64_t>(&it->second)) return *value;
    return std::nullopt;
}

// A serial that names nothing: empty, or one character repeated ("0000", "    ").
bool meaningful(const std::string& serial) {
    return !serial.empty() && serial.find_first_not_of(serial.front()) != std::string::npos;
}

std::string lower(std::string text) {
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

}  // namespace

std::string salted_hash(std::string_view salt, std::string_view kind, std::string_view value) {
    if (sodium_init() < 0) return {};
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(salt.data()), salt.size());
    const unsigned char separator = 0;
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(kind.data()), kind.size());
    crypto_auth_hmacsha256_update(&state, &separator, 1);
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(value.data()), value.size());
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> digest{};
    crypto_auth_hmacsha256_final(&state, digest.data());
    std::array<char, crypto_auth_hmacsha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return hex.data();
}

nlohmann::json fingerprint_subjects(std::span<const Subject> subjects, std::string_view salt) {
    std::set<std::string> kvm_usb, kvm_mac, edid_serial, neighbour_mac;
    for (const auto& subject : subjects) {
        if (subject.kind == "usb_device" && flag(subject, "usb.has_hid_input")) {
            auto* serial = text(subject, "usb.serial");
            if (serial && meaningful(*serial)) kvm_usb.insert(salted_hash(salt, "usb_serial", *serial));
            for (const auto& mac : texts(subject, "usb.macs")) kvm_mac.insert(salted_hash(salt, "mac", lower(mac)));
        } else if (subject.kind == "net_interface" && flag(subject, "net.usb_parent_has_hid")) {
            if (auto* mac = text(subject, "net.mac")) kvm_mac.insert(salted_hash(salt, "mac", lower(*mac)));
        } else if (subject.kind == "display") {
            // The serial string when the EDID has one, else the 32-bit serial number; either is only
            // unique together with the maker and product code.
            std::string serial;
            if (auto* string_serial = text(subject, "edid.serial_string")) serial = *string_serial;
            else if (auto numeric = number(subject, "edid.serial_number"); numeric && *numeric != 0 && *numeric != 0x01010101) serial = std::to_string(*numeric);
            if (!meaningful(serial)) continue;
            auto* maker = text(subject, "edid.manufacturer");
            auto product = number(subject, "edid.product_code");
            std::string identity = (maker ? *maker : "") + "/" + (product ? std::to_string(*product) : "") + "/" + serial;
            edid_serial.insert(salted_hash(salt, "edid_serial", identity));
        } else if (subject.kind == "neighbour") {
            if (auto* mac = text(subject, "neighbour.mac")) neighbour_mac.insert(salted_hash(salt, "mac", lower(*mac)));
        }
    }
    auto list = [](const std::set<std::string>& hashes) { return nlohmann::json(std::vector<std::string>(hashes.begin(), hashes.end())); };
    return {{"version", 1},
            {"scheme", "hmac-sha256"},
            {"kvm_usb", list(kvm_usb)},
            {"kvm_mac", list(kvm_mac)},
            {"edid_serial", list(edid_serial)},
            {"neighbour_mac", list(neighbour_mac)}};
}

nlohmann::json session_fingerprint(const ScanReport& report, std::string_view salt) {
    return fingerprint_subjects(report.subjects, salt);
}

}  // namespace kiosk::host
