#include "core/args.h"

#include <charconv>

namespace kiosk {

Result<Args> Args::parse(std::span<const std::string> argv, const ArgSpec& spec) {
    Args args;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& word = argv[i];
        if (word == "--") {
            for (++i; i < argv.size(); ++i) args.positionals_.push_back(argv[i]);
            break;
        }
        if (word.starts_with("--") && word.size() > 2) {
            std::string name = word;
            std::optional<std::string> inline_value;
            if (auto eq = word.find('='); eq != std::string::npos) {
                name = word.substr(0, eq);
                inline_value = word.substr(eq + 1);
            }
            if ((spec.flags.contains(name) || name == "--help") && !inline_value) {
                args.flags_.insert(name);
            } else if (spec.options.contains(name) || name == "--config") {
                if (!inline_value && i + 1 >= argv.size()) return fail(name + " needs a value");
                args.options_.emplace(name, inline_value ? *inline_value : argv[++i]);
            } else {
                return fail("unknown option " + name);
            }
            continue;
        }
        args.positionals_.push_back(word);
    }
    if (args.positionals_.size() > spec.max_positionals && !args.flag("--help"))
        return fail("unexpected argument " + args.positionals_[spec.max_positionals]);
    return args;
}

std::optional<std::string> Args::option(const std::string& name) const {
    auto range = options_.equal_range(name);
    if (range.first == range.second) return std::nullopt;
    return std::prev(range.second)->second;
}

std::vector<std::string> Args::all(const std::string& name) const {
    std::vector<std::string> out;
    for (auto [it, end] = options_.equal_range(name); it != end; ++it) out.push_back(it->second);
    return out;
}

Result<std::optional<double>> Args::number(const std::string& name) const {
    auto text = option(name);
    if (!text) return std::optional<double>{};
    double value = 0;
    auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc{} || end != text->data() + text->size() || value < 0)
        return fail(name + " takes a non-negative number, not '" + *text + "'");
    return std::optional<double>{value};
}

}  // namespace kiosk
