#include "host/rules.h"

#include <sodium.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <variant>

#include "core/embedded.h"
#include "core/file_text.h"
#include "host/facts.h"

namespace kiosk::host {
namespace {

// Long patterns are where std::regex gets slow or deep; no signature needs one.
constexpr std::size_t max_pattern_length = 512;

enum class Op { equals, in, matches, at_least, at_most, present };

constexpr std::array<std::pair<std::string_view, Op>, 6> operator_names{{{"equals", Op::equals},
                                                                          {"in", Op::in},
                                                                          {"matches", Op::matches},
                                                                          {"at_least", Op::at_least},
                                                                          {"at_most", Op::at_most},
                                                                          {"present", Op::present}}};

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

struct Condition {
    std::string fact;
    Op op = Op::equals;
    bool negate = false;
    std::variant<bool, std::int64_t, std::string> scalar;  // equals, at_least, at_most, present
    std::vector<std::string> strings;                      // in (strings)
    std::vector<std::int64_t> integers;                    // in (integers)
    std::optional<std::regex> regex;                       // matches
};

bool string_test(const Condition& condition, std::string_view value) {
    switch (condition.op) {
        case Op::equals: {
            const auto* want = std::get_if<std::string>(&condition.scalar);
            return want && iequals(*want, value);
        }
        case Op::in:
            return std::ranges::any_of(condition.strings, [&](const std::string& s) { return iequals(s, value); });
        case Op::matches: return std::regex_search(value.begin(), value.end(), *condition.regex);
        default: return false;
    }
}

bool raw_holds(const Condition& condition, const FactValue* value) {
    if (condition.op == Op::present) return (value != nullptr) == std::get<bool>(condition.scalar);
    if (!value) return false;
    if (const auto* text = std::get_if<std::string>(value)) return string_test(condition, *text);
    if (const auto* list = std::get_if<std::vector<std::string>>(value))
        return std::ranges::any_of(*list, [&](const std::string& s) { return string_test(condition, s); });
    if (const auto* flag = std::get_if<bool>(value)) {
        const auto* want = std::get_if<bool>(&condition.scalar);
        return condition.op == Op::equals && want && *want == *flag;
    }
    const auto number = std::get<std::int64_t>(*value);
    switch (condition.op) {
        case Op::equals: {
            const auto* want = std::get_if<std::int64_t>(&condition.scalar);
            return want && *want == number;
        }
        case Op::in: return std::ranges::find(condition.integers, number) != condition.integers.end();
        case Op::at_least: return number >= std::get<std::int64_t>(condition.scalar);
        case Op::at_most: return number <= std::get<std::int64_t>(condition.scalar);
        default: return false;
    }
}

struct Logic {
    std::vector<Condition> when;
    std::vector<Condition> any;
    std::int64_t min_any = 1;
    std::vector<Condition> unless;
};

nlohmann::json fact_json(const FactValue& value) {
    return std::visit([](const auto& v) { return nlohmann::json(v); }, value);
}

// Builds rules from TOML text, one file at a time, with file:line errors.
class Parser {
public:
    Parser(std::vector<Rule>& rules, std::vector<Logic>& logic, std::map<std::string, std::string>& seen)
        : rules_(rules), logic_(logic), seen_(seen) {}

    std::optional<Error> file(std::string_view text, const std::string& name) {
        name_ = name;
        toml::table root;
        try {
            root = toml::parse(text, std::string_view{name});
        } catch (const toml::parse_error& error) {
            return Error{name + ":" + std::to_string(error.source().begin.line) + ": " +
                         std::string(error.description())};
        }
        for (const auto& [key, node] : root) {
            if (key.str() != "rule") return at(node, "unknown top-level key '" + std::string(key.str()) + "'");
            const auto* array = node.as_array();
            if (!array || !array->is_array_of_tables()) return at(node, "'rule' must be written [[rule]]");
            for (const auto& element : *array)
                if (auto error = rule(*element.as_table())) return error;
        }
        return std::nullopt;
    }

private:
    Error at(const toml::node& node, const std::string& message) const {
        return Error{name_ + ":" + std::to_string(node.source().begin.line) + ": " + message};
    }

    std::optional<Error> text_field(const toml::table& table, std::string_view key, std::string& out) {
        const auto* node = table.get(key);
        if (!node) return at(table, "rule is missing '" + std::string(key) + "'");
        const auto* value = node->as_string();
        if (!value || value->get().empty()) return at(*node, "'" + std::string(key) + "' must be a non-empty string");
        out = value->get();
        return std::nullopt;
    }

    std::optional<Error> text_list(const toml::node& node, std::string_view key, std::vector<std::string>& out) {
        const auto* array = node.as_array();
        if (!array) return at(node, "'" + std::string(key) + "' must be an array of strings");
        for (const auto& element : *array) {
            const auto* value = element.as_string();
            if (!value || value->get().empty())
                return at(element, "'" + std::string(key) + "' must be an array of non-empty strings");
            out.push_back(value->get());
        }
        return std::nullopt;
    }

    std::optional<Error> condition(const toml::node& node, std::vector<Condition>& out) {
        const auto* table = node.as_table();
        if (!table) return at(node, "a condition must be a table like { fact = \"…\", equals = … }");
        Condition result;
        const toml::node* operand = nullptr;
        const toml::node* fact_node = nullptr;
        for (const auto& [key, value] : *table) {
            const auto name = key.str();
            if (name == "fact") {
                const auto* fact = value.as_string();
                if (!fact || fact->get().empty()) return at(value, "'fact' must be a non-empty string");
                result.fact = fact->get();
                fact_node = &value;
            } else if (name == "not") {
                const auto* flag = value.as_boolean();
                if (!flag) return at(value, "'not' must be true or false");
                result.negate = flag->get();
            } else {
                auto found = std::ranges::find(operator_names, name, &std::pair<std::string_view, Op>::first);
                if (found == operator_names.end()) return at(value, "unknown operator '" + std::string(name) + "'");
                if (operand) return at(value, "a condition takes exactly one operator");
                result.op = found->second;
                operand = &value;
            }
        }
        if (result.fact.empty()) return at(node, "condition is missing 'fact'");
        if (!operand) return at(node, "condition on '" + result.fact + "' has no operator");
        const auto* spec = find_rule_fact(kind_, result.fact);
        if (!spec) return unknown_fact(*fact_node, result.fact);
        if (auto error = fill_operand(*operand, result)) return error;
        if (auto error = check_operand(*operand, result, *spec)) return error;
        out.push_back(std::move(result));
        return std::nullopt;
    }

    Error unknown_fact(const toml::node& node, const std::string& fact) const {
        auto message = "unknown fact '" + fact + "' for subject '" + kind_ + "'";
        if (auto near = nearest_rule_fact(kind_, fact)) message += " (did you mean '" + std::string(*near) + "'?)";
        return at(node, message + "; config/rules/README.md lists the facts of each subject");
    }

    // The operand must be of the fact's type (README "Facts"): a comparison that can never hold is a
    // mistake in the rule, not a rule that never fires.
    std::optional<Error> check_operand(const toml::node& operand, const Condition& c, const FactSpec& spec) const {
        if (c.op == Op::present) return std::nullopt;
        const bool text = spec.type == FactType::text || spec.type == FactType::texts;
        const bool integer = spec.type == FactType::integer;
        bool fits = false;
        std::string given;
        switch (c.op) {
            case Op::equals:
                if (std::holds_alternative<std::string>(c.scalar)) fits = text, given = "a string";
                else if (std::holds_alternative<std::int64_t>(c.scalar)) fits = integer, given = "an integer";
                else fits = spec.type == FactType::boolean, given = "true/false";
                break;
            case Op::in:
                if (!c.strings.empty()) fits = text, given = "strings";
                else fits = integer, given = "integers";
                break;
            case Op::matches: fits = text, given = "a regular expression"; break;
            case Op::at_least:
            case Op::at_most: fits = integer, given = "an integer"; break;
            case Op::present: break;
        }
        if (fits) return std::nullopt;
        const auto name = std::ranges::find(operator_names, c.op, &std::pair<std::string_view, Op>::second)->first;
        const auto type = std::string(to_string(spec.type));
        return at(operand, "'" + std::string(name) + "' with " + given + " on '" + c.fact + "', " +
                               (spec.type == FactType::integer ? "an " : "a ") + type + " fact: it can never hold");
    }

    std::optional<Error> fill_operand(const toml::node& operand, Condition& result) {
        switch (result.op) {
            case Op::equals:
                if (const auto* s = operand.as_string()) result.scalar = s->get();
                else if (const auto* i = operand.as_integer()) result.scalar = i->get();
                else if (const auto* b = operand.as_boolean()) result.scalar = b->get();
                else return at(operand, "'equals' takes a string, an integer or true/false");
                return std::nullopt;
            case Op::in: {
                const auto* array = operand.as_array();
                if (!array || array->empty()) return at(operand, "'in' takes a non-empty array");
                for (const auto& element : *array) {
                    if (const auto* s = element.as_string()) result.strings.push_back(s->get());
                    else if (const auto* i = element.as_integer()) result.integers.push_back(i->get());
                    else return at(element, "'in' takes strings or integers");
                }
                if (!result.strings.empty() && !result.integers.empty())
                    return at(operand, "'in' takes strings or integers, not both");
                return std::nullopt;
            }
            case Op::matches: {
                const auto* pattern = operand.as_string();
                if (!pattern || pattern->get().empty()) return at(operand, "'matches' takes a regular expression");
                if (pattern->get().size() > max_pattern_length) return at(operand, "regular expression too long");
                try {
                    result.regex.emplace(pattern->get(), std::regex::ECMAScript | std::regex::icase |
                                                             std::regex::optimize);
                } catch (const std::regex_error& error) {
                    return at(operand, "bad regular expression '" + pattern->get() + "': " + error.what());
                }
                return std::nullopt;
            }
            case Op::at_least:
            case Op::at_most: {
                const auto* i = operand.as_integer();
                if (!i) return at(operand, "'at_least' and 'at_most' take an integer");
                result.scalar = i->get();
                return std::nullopt;
            }
            case Op::present: {
                const auto* b = operand.as_boolean();
                if (!b) return at(operand, "'present' takes true or false");
                result.scalar = b->get();
                return std::nullopt;
            }
        }
        return std::nullopt;
    }

    std::optional<Error> conditions(const toml::node& node, std::string_view key, std::vector<Condition>& out) {
        const auto* array = node.as_array();
        if (!array) return at(node, "'" + std::string(key) + "' must be an array of conditions");
        for (const auto& element : *array)
            if (auto error = condition(element, out)) return error;
        return std::nullopt;
    }

    std::optional<Error> rule(const toml::table& table) {
        static const std::set<std::string_view> known{"id",      "category", "severity", "subject",
                                                      "title",   "explanation", "references", "evidence",
                                                      "when",    "any",      "min_any",  "unless"};
        for (const auto& [key, value] : table)
            if (!known.contains(key.str())) return at(value, "unknown key '" + std::string(key.str()) + "' in a rule");

        Rule result;
        Logic logic;
        result.source = name_ + ":" + std::to_string(table.source().begin.line);
        if (auto e = text_field(table, "id", result.id)) return e;
        const auto* id_node = table.get("id");
        for (auto c : result.id)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
                return at(*id_node, "rule id '" + result.id + "' may use only a-z 0-9 . _ -");
        if (auto found = seen_.find(result.id); found != seen_.end())
            return at(*id_node, "duplicate rule id '" + result.id + "' (first defined at " + found->second + ")");

        if (auto e = text_field(table, "category", result.category)) return e;
        if (!is_known_category(result.category))
            return at(*table.get("category"), "unknown category '" + result.category + "' (one of " +
                                                  std::string(known_categories) + ")");
        std::string severity;
        if (auto e = text_field(table, "severity", severity)) return e;
        auto parsed = parse_severity(severity);
        if (!parsed) return at(*table.get("severity"), "unknown severity '" + severity +
                                                           "' (info, low, medium, high or critical)");
        result.severity = *parsed;
        if (auto e = text_field(table, "subject", result.subject_kind)) return e;
        if (!is_known_subject_kind(result.subject_kind))
            return at(*table.get("subject"), "unknown subject kind '" + result.subject_kind + "'");
        kind_ = result.subject_kind;
        if (auto e = text_field(table, "title", result.title)) return e;
        if (auto e = text_field(table, "explanation", result.explanation)) return e;

        const auto* references = table.get("references");
        if (!references) return at(table, "rule is missing 'references'");
        if (auto e = text_list(*references, "references", result.references)) return e;
        if (result.references.empty()) return at(*references, "'references' must name at least one source");
        if (const auto* evidence = table.get("evidence")) {
            if (auto e = text_list(*evidence, "evidence", result.evidence)) return e;
            for (const auto& element : *evidence->as_array()) {
                const auto& fact = element.as_string()->get();
                if (!find_rule_fact(kind_, fact)) return unknown_fact(element, fact);
            }
        }

        if (const auto* when = table.get("when"))
            if (auto e = conditions(*when, "when", logic.when)) return e;
        if (const auto* any = table.get("any"))
            if (auto e = conditions(*any, "any", logic.any)) return e;
        if (const auto* unless = table.get("unless"))
            if (auto e = conditions(*unless, "unless", logic.unless)) return e;
        if (logic.when.empty() && logic.any.empty()) return at(table, "rule '" + result.id + "' has no conditions");
        if (const auto* min_any = table.get("min_any")) {
            const auto* value = min_any->as_integer();
            if (!value || value->get() < 1 || value->get() > static_cast<std::int64_t>(logic.any.size()))
                return at(*min_any, "'min_any' must be an integer from 1 to the number of 'any' conditions");
            logic.min_any = value->get();
        }
        if (result.evidence.empty())  // default evidence: every fact the rule looks at
            for (const auto* list : {&logic.when, &logic.any})
                for (const auto& c : *list)
                    if (std::ranges::find(result.evidence, c.fact) == result.evidence.end())
                        result.evidence.push_back(c.fact);

        seen_.emplace(result.id, result.source);
        rules_.push_back(std::move(result));
        logic_.push_back(std::move(logic));
        return std::nullopt;
    }

    std::vector<Rule>& rules_;
    std::vector<Logic>& logic_;
    std::map<std::string, std::string>& seen_;
    std::string name_;
    std::string kind_;  // subject kind of the rule being read
};

std::string hex_hash(const std::string& bytes) {
    std::array<unsigned char, 16> digest{};
    crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                       bytes.size(), nullptr, 0);
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (auto byte : digest) {
        out += digits[byte >> 4];
        out += digits[byte & 15];
    }
    return out;
}

}  // namespace

bool is_known_subject_kind(std::string_view kind) { return find_subject_spec(kind) != nullptr; }

struct RuleSet::Impl {
    std::vector<Rule> rules;
    std::vector<Logic> logic;  // parallel to rules
    std::string version;
};

namespace {
struct Source {
    std::string name;
    std::string text;
};
}  // namespace

Result<RuleSet> RuleSet::parse(std::string_view text, const std::string& name) {
    auto impl = std::make_shared<Impl>();
    std::map<std::string, std::string> seen;
    Parser parser(impl->rules, impl->logic, seen);
    if (auto error = parser.file(text, name)) return std::unexpected(*error);
    impl->version = hex_hash(name + '\0' + std::string(text));
    RuleSet set;
    set.impl_ = std::move(impl);
    return set;
}

Result<RuleSet> RuleSet::load(const std::filesystem::path& extra_dir) {
    std::vector<Source> sources;
    for (const auto& file : defaults::embedded_files())
        if (file.name.starts_with("rules/") && file.name.ends_with(".toml"))
            sources.push_back({std::string(file.name), std::string(file.bytes)});
    std::ranges::sort(sources, {}, &Source::name);

    if (!extra_dir.empty()) {
        std::error_code error;
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(extra_dir, error))
            if (entry.path().extension() == ".toml" && entry.is_regular_file()) files.push_back(entry.path());
        if (error) return fail(extra_dir.string() + ": cannot read the rules folder: " + error.message());
        std::ranges::sort(files);
        for (const auto& path : files) {
            auto text = read_file_text(path);
            if (!text) return fail(path.string() + ": cannot read the rules file");
            sources.push_back({path.string(), std::move(*text)});
        }
    }

    auto impl = std::make_shared<Impl>();
    std::map<std::string, std::string> seen;
    Parser parser(impl->rules, impl->logic, seen);
    std::string all;
    for (const auto& source : sources) {
        if (auto error = parser.file(source.text, source.name)) return std::unexpected(*error);
        all += source.name + '\0' + source.text + '\0';
    }
    impl->version = hex_hash(all);
    RuleSet set;
    set.impl_ = std::move(impl);
    return set;
}

std::vector<Finding> RuleSet::judge(std::span<const Subject> subjects) const {
    std::vector<Finding> findings;
    if (!impl_) return findings;
    const Subject* machine = nullptr;
    for (const auto& subject : subjects) {
        if (subject.kind == "machine") machine = &subject;
#ifndef NDEBUG
        // Readers may set only the facts their kind declares (facts.h); debug builds, and so every
        // test, stop at the first reader that does otherwise.
        if (auto problem = check_facts(subject)) {
            std::fprintf(stderr, "kiosk: internal error: %s (kiosk/host/facts.h)\n", problem->c_str());
            std::abort();
        }
#endif
    }

    for (const auto& subject : subjects) {
        auto lookup = [&](const std::string& fact) -> const FactValue* {
            if (auto found = subject.facts.find(fact); found != subject.facts.end()) return &found->second;
            if (machine)
                if (auto found = machine->facts.find(fact); found != machine->facts.end()) return &found->second;
            return nullptr;
        };
        auto holds = [&](const Condition& c) { return raw_holds(c, lookup(c.fact)) != c.negate; };

        for (std::size_t i = 0; i < impl_->rules.size(); ++i) {
            const auto& rule = impl_->rules[i];
            if (rule.subject_kind != subject.kind) continue;
            const auto& logic = impl_->logic[i];
            if (!std::ranges::all_of(logic.when, holds)) continue;
            if (!logic.any.empty() && std::ranges::count_if(logic.any, holds) < logic.min_any) continue;
            if (std::ranges::any_of(logic.unless, holds)) continue;

            Finding finding{rule.id, rule.category, rule.severity, rule.title, subject.name, nlohmann::json::object()};
            for (const auto& fact : rule.evidence)
                if (const auto* value = lookup(fact)) finding.evidence[fact] = fact_json(*value);
            findings.push_back(std::move(finding));
        }
    }
    return findings;
}

std::span<const Rule> RuleSet::rules() const {
    if (!impl_) return {};
    return impl_->rules;
}

std::string RuleSet::version() const { return impl_ ? impl_->version : std::string{}; }

}  // namespace kiosk::host
