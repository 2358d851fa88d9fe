#include "core/config_spec.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

#include "core/config.h"
#include "core/severity.h"

namespace kiosk {
namespace {

constexpr ConfigSpec any(std::string_view key) { return {key}; }
constexpr ConfigSpec range(std::string_view key, double min, double max) {
    return {key, ConfigSpec::Kind::range, min, max};
}
constexpr ConfigSpec severity(std::string_view key) { return {key, ConfigSpec::Kind::one_of, 0, 0, severity_names}; }

// The bounds keep every value meaningful and every conversion the readers make (seconds into
// std::chrono, MiB into bytes, pixels into float) far from overflow.
constexpr std::array specs{
    // Checked by ledger::options_from, which also checks the id it derives from /etc/machine-id.
    any("kiosk.id"),
    any("kiosk.data_dir"),
    severity("scan.fail_on"),
    any("scan.rules_dir"),  // loaded by the rule reader, which names the bad file
    any("scan.mdns"),
    // mDNS responders may wait up to 120 ms before answering a shared name (RFC 6762 §6).
    range("scan.mdns_listen_seconds", 0.1, 10),
    any("scan.mdns_target"),  // an address and port: parsed by host::parse_mdns_target
    // Fonts must exist, which only the fullscreen kiosk that loads them needs.
    any("ui.font"),
    any("ui.font_bold"),
    any("ui.font_mono"),
    range("ui.text_size", 10, 60),
    any("ui.default_source"),
    range("ui.idle_sign_out_seconds", 0, 86400),
    any("operators.accounts"),  // each entry is checked by ui/operators.cpp, which reads them
    range("ledger.checkpoint_interval_seconds", 1, 7 * 86400),
    any("ledger.durable"),
    any("ledger.tpm_tcti"),
    range("ledger.max_size_mb", 0, 1024 * 1024),  // 1 TiB
    any("fleet.url"),  // parsed by libpq when a fleet command connects, which names what is wrong
    severity("policy.fail_at"),
    severity("policy.review_at"),
    range("policy.score_fail", 0, 1),
    range("policy.score_review", 0, 1),
    any("policy.score_alone_can_fail"),
    any("policy.skipped_means_review"),
    any("policy.consent_notice"),
    any("vision.landmarks_model"),  // must exist only where a face is analysed; `kiosk analyze` says so
    range("vision.min_face_frames", 1, 100000),
    severity("camera.fail_on"),
    range("camera.sample_seconds", 1, 3600),
    range("camera.timeout_seconds", 1, 3600),
    range("agent.scan_interval_seconds", 1, 7 * 86400),
    any("agent.data_dir"),
};

// Keys whose values must not be inverted: lower's value at most higher's.
struct Order {
    std::string_view lower;
    std::string_view higher;
};
constexpr std::array orders{
    Order{"policy.score_review", "policy.score_fail"},
    Order{"policy.review_at", "policy.fail_at"},
};

const ConfigSpec& spec_of(std::string_view key) {
    return *std::ranges::find(specs, key, &ConfigSpec::key);
}

std::string number_text(double value) {
    if (std::isfinite(value) && value == std::trunc(value) && std::abs(value) < 1e15)
        return std::to_string(static_cast<std::int64_t>(value));
    std::array<char, 32> buffer{};
    const auto written = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return std::string(buffer.data(), written.ptr);
}

std::string value_text(const toml::node& node) {
    constexpr std::size_t shown = 40;  // of a string, enough to recognise it in a one-line error
    if (const auto* text = node.as_string())
        return "'" + text->get().substr(0, shown) + (text->get().size() > shown ? "…'" : "'");
    if (const auto* integer = node.as_integer()) return std::to_string(integer->get());
    return number_text(node.value_or(0.0));
}

std::string allowed_text(const ConfigSpec& spec) {
    if (spec.kind == ConfigSpec::Kind::range) return "from " + number_text(spec.min) + " to " + number_text(spec.max);
    std::string text;
    for (std::size_t i = 0; i < spec.allowed.size(); ++i)
        text += std::string(i == 0 ? "" : i + 1 == spec.allowed.size() ? " or " : ", ") + std::string(spec.allowed[i]);
    return text;
}

// The value's place in its spec's order: the number itself, or a string's rank in `allowed`.
double rank(const Config& config, const ConfigSpec& spec) {
    if (spec.kind == ConfigSpec::Kind::one_of)
        return static_cast<double>(std::ranges::find(spec.allowed, config.string(spec.key)) - spec.allowed.begin());
    return config.number(spec.key);
}

bool allows(const ConfigSpec& spec, const toml::node& node) {
    switch (spec.kind) {
        case ConfigSpec::Kind::any: return true;
        case ConfigSpec::Kind::range: {
            const double value = node.is_integer() ? static_cast<double>(node.value_or(std::int64_t{0})) : node.value_or(0.0);
            return value >= spec.min && value <= spec.max;  // false for NaN
        }
        case ConfigSpec::Kind::one_of:
            return std::ranges::find(spec.allowed, node.value_or(std::string_view{})) != spec.allowed.end();
    }
    return false;
}

}  // namespace

std::span<const ConfigSpec> config_specs() { return specs; }

std::optional<Error> check_config_specs(const Config& config) {
    for (const auto& spec : specs) {
        const auto& node = *config.node(spec.key);
        if (!allows(spec, node))
            return config.bad_value(spec.key, "must be " + allowed_text(spec) + ", not " + value_text(node));
    }
    for (const auto& [lower, higher] : orders) {
        const auto& lower_spec = spec_of(lower);
        const auto& higher_spec = spec_of(higher);
        if (rank(config, lower_spec) <= rank(config, higher_spec)) continue;
        // Blame the key the operator's file set, so that the error points into that file.
        if (config.given(lower))
            return config.bad_value(lower, "must be at most " + std::string(higher) + " (" +
                                               value_text(*config.node(higher)) + "), not " +
                                               value_text(*config.node(lower)));
        return config.bad_value(higher, "must be at least " + std::string(lower) + " (" +
                                            value_text(*config.node(lower)) + "), not " +
                                            value_text(*config.node(higher)));
    }
    return std::nullopt;
}

}  // namespace kiosk
