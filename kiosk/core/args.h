// Command-line arguments of one subcommand: flags, options with a value, and positionals.
// Every subcommand also accepts --config FILE and --help.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace kiosk {

struct ArgSpec {
    std::set<std::string> flags;    // e.g. "--json"
    std::set<std::string> options;  // take one value, e.g. "--root"; may repeat, last wins for option()
    std::size_t max_positionals = 0;
};

class Args {
public:
    static Result<Args> parse(std::span<const std::string> argv, const ArgSpec& spec);

    bool flag(const std::string& name) const { return flags_.contains(name); }
    std::optional<std::string> option(const std::string& name) const;
    std::vector<std::string> all(const std::string& name) const;  // every value of a repeated option
    const std::vector<std::string>& positionals() const { return positionals_; }

    // Typed readers that turn a bad value into one clear error.
    Result<std::optional<double>> number(const std::string& name) const;

private:
    std::set<std::string> flags_;
    std::multimap<std::string, std::string> options_;
    std::vector<std::string> positionals_;
};

}  // namespace kiosk
