// The files the packages make from the programs (kiosk/packaging/generate_files.cpp): the installed
// kiosk.toml holds every key at its default, the man pages and the completions say what the CLIs say.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <regex>
#include <sstream>

#include "agent/commands.h"
#include "cli/completion.h"
#include "cli/man_page.h"
#include "cli/program.h"
#include "core/config.h"
#include "core/config_spec.h"
#include "support.h"

namespace {

using namespace kiosk;

const std::filesystem::path generated = KIOSK_PACKAGE_GENERATED;
const std::regex commented_key(R"(^# ([a-z0-9_]+ = .*)$)");
const std::regex active_key(R"(^[a-z0-9_]+ = .*$)");

std::string text_of(const toml::node& node) {
    std::ostringstream out;
    node.visit([&](const auto& value) { out << value; });
    return out.str();
}

// The installed file with every commented key line made active and the package's own settings dropped.
std::string uncommented(const std::string& text) {
    std::istringstream lines(text);
    std::string out;
    std::smatch match;
    for (std::string line; std::getline(lines, line);) {
        if (std::regex_match(line, match, commented_key)) out += match[1].str() + "\n";
        else if (!std::regex_match(line, active_key)) out += line + "\n";
    }
    return out;
}

std::string shell_output(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 256> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe)) out += buffer.data();
    pclose(pipe);
    return out;
}

// What bash completes for the words of a command line, the last word being the one under the cursor.
std::string complete(const std::string& line, const std::string& program = "kiosk", const std::string& function = "_kiosk") {
    return shell_output("bash -c 'source " + (generated / program / (program + ".bash")).string() + "; COMP_WORDS=(" +
                        line + "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); " + function + "; echo \"${COMPREPLY[*]}\"'");
}

const cli::Command& command_named(std::string_view name, const cli::Program& program = cli::kiosk_program()) {
    return *std::ranges::find_if(program.commands, [&](const cli::Command& command) { return command.name == name; });
}

}  // namespace

TEST_CASE("the installed kiosk.toml sets only the package's folders and lists every key at its default") {
    const auto text = test::read_file(generated / "kiosk.toml");
    const auto installed = Config::parse(text, "kiosk.toml");
    REQUIRE_MESSAGE(installed.has_value(), (installed ? "" : installed.error().message));
    CHECK(installed->string("kiosk.data_dir") == "/var/lib/kiosk");
    CHECK(installed->string("scan.rules_dir") == "/etc/kiosk/rules.d");

    const auto all_keys = Config::parse(uncommented(text), "kiosk.toml uncommented");
    REQUIRE_MESSAGE(all_keys.has_value(), (all_keys ? "" : all_keys.error().message));
    const auto defaults = Config::defaults();
    for (const auto& spec : config_specs()) {
        CAPTURE(spec.key);
        CHECK(all_keys->given(spec.key));
        CHECK(text_of(*all_keys->node(spec.key)) == text_of(*defaults.node(spec.key)));
        if (spec.key != "kiosk.data_dir" && spec.key != "scan.rules_dir") CHECK_FALSE(installed->given(spec.key));
    }
}

TEST_CASE("the installed kiosk.toml shows each key's allowed values from the spec table") {
    const auto text = test::read_file(generated / "kiosk.toml");
    CHECK(text.find("# mdns_listen_seconds = 1.5  # 0.1 to 10\n") != std::string::npos);
    CHECK(text.find("# fail_on = \"high\"  # one of info low medium high critical\n") != std::string::npos);
    CHECK(text.find("# accounts = []\n") != std::string::npos);
    CHECK(text.find("# min_face_frames = 15  # 1 to 100000\n") != std::string::npos);
    CHECK(text.find("\ndata_dir = \"/var/lib/kiosk\"  # as installed\n") != std::string::npos);
}

TEST_CASE("a command's man page is its usage: synopsis, every option, the summary") {
    for (const auto& command : cli::kiosk_program().commands) {
        CAPTURE(command.name);
        const auto page = cli::command_man_page(cli::kiosk_program(), command, KIOSK_VERSION);
        CHECK(page.starts_with(".TH KIOSK\\-"));
        for (const auto& option : cli::usage_options(*command.usage)) {
            std::string escaped;
            for (const char c : option) escaped += c == '-' ? std::string("\\-") : std::string(1, c);
            CHECK_MESSAGE(page.find(escaped) != std::string::npos, option);
        }
    }
    const auto ledger = cli::command_man_page(cli::kiosk_program(), command_named("ledger"), KIOSK_VERSION);
    CHECK(ledger.find(".SH SYNOPSIS\n.nf\nkiosk ledger list [\\-\\-json]") != std::string::npos);
    CHECK(ledger.find("\\- list, verify, export and purge the attested session ledger\n") != std::string::npos);
}

TEST_CASE("kiosk(1) is `kiosk help`: every command with its page, and the exit codes") {
    const auto help = test::kiosk({"help"});
    const auto page = cli::program_man_page(cli::kiosk_program(), help.out, KIOSK_VERSION);
    for (const auto& command : cli::kiosk_program().commands) {
        CAPTURE(command.name);
        CHECK(page.find(".B " + std::string(command.name) + "\n") != std::string::npos);
        CHECK(page.find("\\fBkiosk\\-" + std::string(command.name) + "\\fR(1)") != std::string::npos);
    }
    CHECK(page.find("Exit codes: 0 done") != std::string::npos);
    CHECK(page.find("commands:") == std::string::npos);  // the help's list became COMMANDS
}

TEST_CASE("usage texts give each command's options and subcommands") {
    using V = std::vector<std::string>;
    CHECK(cli::usage_subcommands(*command_named("ledger").usage, "kiosk", "ledger") ==
          V{"list", "show", "verify", "export", "verify-export", "purge", "keygen", "checkpoint", "correlate"});
    CHECK(cli::usage_subcommands(*command_named("operator").usage, "kiosk", "operator") == V{"add", "verify", "list"});
    CHECK(cli::usage_subcommands(*command_named("session").usage, "kiosk", "session") == V{"run"});
    CHECK(cli::usage_subcommands(*command_named("camera").usage, "kiosk", "camera").empty());  // DEVICE, --source
    CHECK(cli::usage_subcommands(*command_named("ui").usage, "kiosk", "ui").empty());          // kiosk [ui]
    CHECK(cli::usage_options("usage: kiosk x [--json] [--fail-on SEVERITY]\nthe a--b and -- are no options\n") ==
          V{"--json", "--fail-on"});
}

TEST_CASE("bash completes commands, subcommands and options, and nothing the CLI does not take") {
    CHECK(complete("kiosk led") == "ledger\n");
    CHECK(complete("kiosk ledger ver") == "verify verify-export\n");
    CHECK(complete("kiosk ledger list --sin") == "--since\n");
    CHECK(complete("kiosk scan --j") == "--json\n");
    if (command_named("ui").usage->find("--windowed") != std::string_view::npos)  // a build with the UI
        CHECK(complete("kiosk --wind") == "--windowed\n");                      // `kiosk [OPTIONS]` is the ui
    CHECK(complete("kiosk scan --since") == "\n");      // a ledger option, not scan's
    CHECK(complete("kiosk edid tests") == "\n");        // a file name: left to bash's default
}

TEST_CASE("kiosk-agent's pages and completion name kiosk-agent, and its scan is the kiosk's scan") {
    const auto& agent = agent::agent_program();
    const auto scan = cli::command_man_page(agent, command_named("scan", agent), KIOSK_VERSION);
    CHECK(scan.starts_with(".TH KIOSK\\-AGENT\\-SCAN 1"));
    CHECK(scan.find(".SH SYNOPSIS\n.nf\nkiosk\\-agent scan [\\-\\-root DIR] [\\-\\-json]") != std::string::npos);
    CHECK(scan.find("\nkiosk scan") == std::string::npos);
    const auto usage = cli::usage_text(agent, command_named("scan", agent));
    CHECK(usage.starts_with("usage: kiosk-agent scan [--root DIR]"));
    CHECK(usage.substr(usage.find('\n')) == cli::scan_usage.substr(cli::scan_usage.find('\n')));  // only the synopsis differs

    const auto page = test::read_file(generated / "kiosk-agent" / "man" / "kiosk-agent.1.gz");
    CHECK_FALSE(page.empty());
    const auto help = cli::program_man_page(agent, "usage: kiosk-agent COMMAND [OPTIONS]\n", KIOSK_VERSION);
    CHECK(help.find("\\fBkiosk\\-agent\\-run\\fR(1)") != std::string::npos);
    CHECK(help.find("/var/lib/kiosk\\-agent") != std::string::npos);

    CHECK(complete("kiosk-agent sc", "kiosk-agent", "_kiosk_agent") == "scan\n");
    CHECK(complete("kiosk-agent scan --j", "kiosk-agent", "_kiosk_agent") == "--json\n");
    CHECK(complete("kiosk-agent run --data", "kiosk-agent", "_kiosk_agent") == "--data-dir\n");
    CHECK(complete("kiosk-agent run --json", "kiosk-agent", "_kiosk_agent") == "\n");  // scan's, not run's
    CHECK(complete("kiosk-agent --win", "kiosk-agent", "_kiosk_agent") == "\n");       // no default command
}
