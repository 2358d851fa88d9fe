// Signature rules: data in config/rules/*.toml (syntax in config/rules/README.md), judged against Subjects.
#pragma once
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/result.h"
#include "host/subject.h"

namespace kiosk::host {

struct Rule {
    std::string id;
    std::string category;
    Severity severity = Severity::info;
    std::string subject_kind;
    std::string title;
    std::string explanation;
    std::vector<std::string> references;
    std::vector<std::string> evidence;  // fact names copied into the finding's evidence
    std::string source;                 // "file:line" the rule came from
    // Conditions live behind the engine (rules.cpp); see RuleSet.
};

// The subject kinds a rule may name (subject.h lists what each one is).
bool is_known_subject_kind(std::string_view kind);

class RuleSet {
public:
    // The embedded config/rules/*.toml, then every *.toml in `extra_dir` when it is not empty.
    // Any error (bad TOML, unknown key, unknown fact operator, duplicate id, bad severity or
    // category, missing field) is one Error with file:line.
    static Result<RuleSet> load(const std::filesystem::path& extra_dir = {});
    // One rules file from text (tests, fuzzing).
    static Result<RuleSet> parse(std::string_view text, const std::string& name);

    // Every finding the rules raise on `subjects`. Facts of the subject of kind "machine" (if any)
    // are visible to every rule under their own names (e.g. "machine.virtualized").
    std::vector<Finding> judge(std::span<const Subject> subjects) const;

    std::span<const Rule> rules() const;
    std::string version() const;  // content hash of all rule files, for the ledger and the UI

private:
    struct Impl;
    std::shared_ptr<const Impl> impl_;
};

}  // namespace kiosk::host
