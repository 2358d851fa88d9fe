#include "host/facts.h"

#include <algorithm>
#include <array>
#include <vector>

namespace kiosk::host {
namespace {

const FactSpec* find_in(const SubjectSpec& spec, std::string_view name) {
    for (auto facts : {spec.facts, spec.more_facts})
        for (const auto& fact : facts)
            if (fact.name == name) return &fact;
    return nullptr;
}

bool holds(const FactValue& value, FactType type) {
    switch (type) {
        case FactType::boolean: return std::holds_alternative<bool>(value);
        case FactType::integer: return std::holds_alternative<std::int64_t>(value);
        case FactType::text: return std::holds_alternative<std::string>(value);
        case FactType::texts: return std::holds_alternative<std::vector<std::string>>(value);
    }
    return false;
}

std::string_view type_of(const FactValue& value) {
    constexpr std::array<FactType, 4> by_index{FactType::boolean, FactType::integer, FactType::text, FactType::texts};
    return to_string(by_index[value.index()]);
}

// Levenshtein distance, for "did you mean".
std::size_t distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const auto above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

void table(std::string& out, const SubjectSpec& spec) {
    out += "\n### `" + std::string(spec.kind) + "` (" + std::string(spec.source) + ")\n";
    out += "| fact | type | meaning |\n|---|---|---|\n";
    for (auto facts : {spec.facts, spec.more_facts})
        for (const auto& fact : facts)
            out += "| `" + std::string(fact.name) + "` | " + std::string(to_string(fact.type)) + " | " +
                   std::string(fact.doc) + " |\n";
    if (!spec.note.empty()) out += "\n" + std::string(spec.note) + "\n";
}

}  // namespace

std::string_view to_string(FactType type) {
    switch (type) {
        case FactType::boolean: return "bool";
        case FactType::integer: return "int";
        case FactType::text: return "string";
        case FactType::texts: return "list";
    }
    return "?";
}

std::span<const SubjectSpec* const> subject_specs() {
    static const std::array<const SubjectSpec*, 13> specs{
        &machine_subject_spec(),       &usb_device_subject_spec(), &display_subject_spec(),
        &camera_subject_spec(),        &input_subject_spec(),      &process_subject_spec(),
        &socket_subject_spec(),        &module_subject_spec(),     &net_interface_subject_spec(),
        &neighbour_subject_spec(),     &mdns_subject_spec(),       &inventory_subject_spec(),
        &camera_probe_subject_spec()};
    return specs;
}

const SubjectSpec* find_subject_spec(std::string_view kind) {
    for (const auto* spec : subject_specs())
        if (spec->kind == kind) return spec;
    return nullptr;
}

const FactSpec* find_rule_fact(std::string_view kind, std::string_view name) {
    if (const auto* spec = find_subject_spec(kind))
        if (const auto* fact = find_in(*spec, name)) return fact;
    return find_in(machine_subject_spec(), name);
}

std::optional<std::string_view> nearest_rule_fact(std::string_view kind, std::string_view name) {
    std::optional<std::string_view> best;
    std::size_t best_distance = 0;
    for (const auto* spec : {find_subject_spec(kind), &machine_subject_spec()}) {
        if (!spec) continue;
        for (auto facts : {spec->facts, spec->more_facts})
            for (const auto& fact : facts) {
                const auto d = distance(name, fact.name);
                if (!best || d < best_distance) best = fact.name, best_distance = d;
            }
    }
    if (best && best_distance <= std::max<std::size_t>(2, name.size() / 5)) return best;
    return std::nullopt;
}

std::optional<std::string> check_facts(const Subject& subject) {
    const auto* spec = find_subject_spec(subject.kind);
    if (!spec) return "subject '" + subject.name + "' has an unknown kind '" + subject.kind + "'";
    for (const auto& [name, value] : subject.facts) {
        const auto* fact = find_in(*spec, name);
        if (!fact)
            return "subject '" + subject.name + "' (" + subject.kind + ") has the undeclared fact '" + name + "'";
        if (!holds(value, fact->type))
            return "subject '" + subject.name + "' (" + subject.kind + "): fact '" + name + "' is declared " +
                   std::string(to_string(fact->type)) + " but holds a " + std::string(type_of(value));
    }
    return std::nullopt;
}

std::string facts_markdown() {
    std::string out = R"(## Facts

Generated from the fact tables beside each reader in `kiosk/host/` (`kiosk/host/facts.h`); a test
(tests/host/facts_test.cpp) fails when this section differs from them, and prints the text to paste.
A rule that names a fact its subject kind does not have, or compares a fact with an operand of
another type, does not load. Facts of `machine` are visible to every rule.

Types: `bool`; `int` (compare with `equals`, `in` of integers, `at_least`, `at_most`); `string`
(`equals`, `in` of strings, `matches`); `list` of strings (satisfies `equals`, `in` and `matches`
when any element does). `present` works on any fact. Strings are as the kernel shows them (made
printable); IDs are four lower-case hex digits. A fact that the machine does not show is absent,
not empty.
)";
    for (const auto* spec : subject_specs()) table(out, *spec);
    return out;
}

}  // namespace kiosk::host
