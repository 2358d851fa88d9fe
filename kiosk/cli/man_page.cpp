#include "cli/man_page.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace kiosk::cli {
namespace {

constexpr std::string_view usage_prefix = "usage: ";

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        lines.push_back(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    }
    return lines;
}

// Text as roff shows it literally: backslashes and minus signs escaped (so that options copy as
// ASCII hyphen-minus), and a line that would start a request guarded with \&.
std::string roff(std::string_view text) {
    std::string out;
    if (text.starts_with('.') || text.starts_with('\'')) out += "\\&";
    for (const char c : text) {
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
    }
    return out;
}

std::string upper(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

std::string title(std::string_view page, std::string_view version) {
    return ".TH " + roff(upper(page)) + " 1 \"\" \"kiosk " + std::string(version) + "\" \"Kiosk manual\"\n";
}

// A usage text is its synopsis ("usage: kiosk ..." and the lines indented under it) then prose.
struct Usage {
    std::vector<std::string_view> synopsis;
    std::vector<std::string_view> prose;
};

Usage split(std::string_view text) {
    Usage usage;
    for (const auto line : lines_of(text)) {
        if (usage.prose.empty() && line.starts_with(usage_prefix))
            usage.synopsis.push_back(line.substr(usage_prefix.size()));
        else if (usage.prose.empty() && !usage.synopsis.empty() && line.starts_with(std::string(usage_prefix.size(), ' ')))
            usage.synopsis.push_back(line.substr(usage_prefix.size()));
        else
            usage.prose.push_back(line);
    }
    return usage;
}

std::string synopsis_section(const Usage& usage) {
    std::string out = ".SH SYNOPSIS\n.nf\n";
    for (const auto line : usage.synopsis) out += roff(line) + "\n";
    return out + ".fi\n";
}

// Prose lines fill into paragraphs; an empty line starts the next one.
std::string paragraphs(const std::vector<std::string_view>& prose) {
    std::string out;
    for (const auto line : prose) out += line.empty() ? ".PP\n" : roff(line) + "\n";
    return out;
}

}  // namespace

std::string program_man_page(const Program& program, std::string_view help, std::string_view version) {
    const auto usage = split(help);
    // The help's command list is program.commands itself, shown below as COMMANDS with each page named.
    std::vector<std::string_view> prose;
    bool in_list = false;
    for (const auto line : usage.prose) {
        if (line == "commands:") in_list = true;
        else if (in_list && line.empty()) in_list = false;
        else if (!in_list) prose.push_back(line);
    }
    while (!prose.empty() && prose.front().empty()) prose.erase(prose.begin());

    const std::string name(program.name);
    std::string out = title(name, version);
    out += ".SH NAME\n" + roff(name) + " \\- " + roff(program.description) + "\n";
    out += synopsis_section(usage);
    out += ".SH DESCRIPTION\n" + paragraphs(prose);
    out += ".SH COMMANDS\n";
    for (const auto& command : program.commands)
        out += ".TP\n.B " + roff(command.name) + "\n" + roff(command.summary) + "; see \\fB" + roff(name) + "\\-" +
               roff(command.name) + "\\fR(1).\n";
    if (!program.files.empty()) out += ".SH FILES\n";
    for (const auto& file : program.files) out += ".TP\n.I " + roff(file.path) + "\n" + roff(file.what) + "\n";
    return out;
}

std::string command_man_page(const Program& program, const Command& command, std::string_view version) {
    const std::string page = std::string(program.name) + "-" + command.name;
    const auto text = usage_text(program, command);
    const auto usage = split(text);  // views into text
    std::string out = title(page, version);
    out += ".SH NAME\n" + roff(page) + " \\- " + roff(command.summary) + "\n";
    out += synopsis_section(usage);
    out += ".SH DESCRIPTION\n" + paragraphs(usage.prose);
    out += ".SH SEE ALSO\n\\fB" + roff(program.name) + "\\fR(1)\n";
    return out;
}

}  // namespace kiosk::cli
