#include "cli/completion.h"

#include <algorithm>
#include <sstream>

namespace kiosk::cli {
namespace {

bool is_word_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

void add_once(std::vector<std::string>& words, std::string word) {
    if (std::ranges::find(words, word) == words.end()) words.push_back(std::move(word));
}

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& word : words) out += (out.empty() ? "" : " ") + word;
    return out;
}

std::string completion_function(const Program& program) {
    std::string function = "_" + std::string(program.name);
    std::ranges::replace(function, '-', '_');
    return function;
}

}  // namespace

std::vector<std::string> usage_options(std::string_view usage) {
    std::vector<std::string> options;
    for (std::size_t at = usage.find("--"); at != std::string_view::npos; at = usage.find("--", at)) {
        std::size_t end = at + 2;
        while (end < usage.size() && is_word_char(usage[end])) ++end;
        // "--" must start a word and name something: not the tail of "a--b", not "--" alone.
        const bool starts_word = at == 0 || usage[at - 1] == ' ' || usage[at - 1] == '[' || usage[at - 1] == '\n' ||
                                 usage[at - 1] == '(' || usage[at - 1] == '|';
        if (starts_word && end > at + 2 && usage[end - 1] != '-') add_once(options, std::string(usage.substr(at, end - at)));
        at = end;
    }
    return options;
}

std::vector<std::string> usage_subcommands(std::string_view usage, std::string_view program, std::string_view name) {
    std::vector<std::string> subcommands;
    const std::string lead = std::string(program) + " " + std::string(name) + " ";
    std::istringstream lines{std::string(usage)};
    for (std::string line; std::getline(lines, line);) {
        const auto at = line.find(lead);
        if (at == std::string::npos || line.find_first_not_of(' ', line.starts_with("usage: ") ? 7 : 0) != at) continue;
        std::size_t end = at + lead.size();
        while (end < line.size() && is_word_char(line[end])) ++end;
        if (end > at + lead.size() && line[at + lead.size()] != '-') add_once(subcommands, line.substr(at + lead.size(), end - at - lead.size()));
    }
    return subcommands;
}

std::string bash_completion(const Program& program) {
    const auto name = std::string(program.name);
    const auto function = completion_function(program);
    std::vector<std::string> first_words;
    for (const auto& command : program.commands) first_words.emplace_back(command.name);
    for (const auto* word : {"help", "--help", "--version"}) first_words.emplace_back(word);
    // `kiosk [OPTIONS]` is `kiosk ui [OPTIONS]`, so the first word may be one of the ui's options.
    if (program.default_command)
        for (auto& option : usage_options(*program.default_command->usage)) add_once(first_words, std::move(option));

    std::string out =
        "# bash completion for " + name + ", generated from its command list and usage texts.\n" +
        function + "() {\n"
        "    local cur=${COMP_WORDS[COMP_CWORD]} words=\n"
        "    if ((COMP_CWORD == 1)); then\n"
        "        words=\"" + joined(first_words) + "\"\n"
        "    else\n"
        "        case ${COMP_WORDS[1]} in\n";
    for (const auto& command : program.commands) {
        const auto usage = usage_text(program, command);
        auto options = usage_options(usage);
        add_once(options, "--help");
        const auto subcommands = usage_subcommands(usage, name, command.name);
        out += "            " + std::string(command.name) + ")\n";
        if (!subcommands.empty())
            out += "                if ((COMP_CWORD == 2)) && [[ $cur != -* ]]; then words=\"" + joined(subcommands) +
                   "\"; else words=\"" + joined(options) + "\"; fi ;;\n";
        else
            out += "                words=\"" + joined(options) + "\" ;;\n";
    }
    out +=
        "        esac\n"
        "    fi\n"
        "    # A word matching none of these completes as a file name (complete -o default).\n"
        "    mapfile -t COMPREPLY < <(compgen -W \"$words\" -- \"$cur\")\n"
        "}\n"
        "complete -o default -F " + function + " " + name + "\n";
    return out;
}

}  // namespace kiosk::cli
