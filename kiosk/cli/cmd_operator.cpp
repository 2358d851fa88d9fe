// `kiosk operator add|verify|list`: the operators who may sign in to the kiosk UI (kiosk.toml [operators]).
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "cli/common.h"
#include "core/exit_code.h"
#include "ui/operators.h"

namespace kiosk::cli {

const std::string_view operator_usage =
    "usage: kiosk operator add NAME [--pin-stdin] [--config FILE]\n"
    "       kiosk operator verify NAME [--pin-stdin] [--config FILE]\n"
    "       kiosk operator list [--json] [--config FILE]\n"
    "add hashes a PIN (4 to 32 digits) read from stdin and prints the [operators] accounts entry to paste,\n"
    "or adds it to --config FILE (created when absent). verify exits 0 when the PIN is right, 1 when not.\n";

namespace {

// One line of stdin; on a terminal without --pin-stdin it prompts and does not echo.
std::optional<std::string> read_pin(bool prompt, std::string_view label, Io& io) {
    const bool terminal = prompt && ::isatty(STDIN_FILENO);
    termios saved{};
    if (terminal) {
        io.err << label << ": " << std::flush;
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    const bool got = static_cast<bool>(std::getline(std::cin, line));
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        io.err << "\n";
    }
    if (!got) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

int add(const Args& args, Io& io) {
    if (args.positionals().size() != 2) return bad_input(io, "operator", "add takes one NAME");
    const auto& name = args.positionals()[1];
    if (auto valid = operators::check_name(name); !valid) return report(io, "operator", valid.error());
    const bool prompt = !args.flag("--pin-stdin");
    auto pin = read_pin(prompt, "PIN", io);
    if (!pin) return bad_input(io, "operator", "no PIN on stdin");
    if (auto valid = operators::check_pin(*pin); !valid) return report(io, "operator", valid.error());
    if (prompt && ::isatty(STDIN_FILENO)) {
        auto again = read_pin(prompt, "PIN again", io);
        if (!again || *again != *pin) return bad_input(io, "operator", "the two PINs differ");
    }
    auto hash = operators::hash_pin(*pin);
    if (!hash) return report(io, "operator", hash.error());
    const operators::Account account{name, *hash};
    if (auto file = args.option("--config")) {
        if (auto added = operators::add_to_config_file(*file, account); !added)
            return report(io, "operator", added.error());
        io.out << "added operator " << name << " to " << *file << "\n";
        return exit_ok;
    }
    io.out << "# paste into kiosk.toml under [operators] accounts = [ ... ]\n" << operators::toml_entry(account) << "\n";
    return exit_ok;
}

int verify(const Args& args, Io& io) {
    if (args.positionals().size() != 2) return bad_input(io, "operator", "verify takes one NAME");
    auto config = config_from(args);
    if (!config) return report(io, "operator", config.error());
    auto known = operators::accounts(*config);
    if (!known) return report(io, "operator", known.error());
    auto pin = read_pin(!args.flag("--pin-stdin"), "PIN", io);
    if (!pin) return bad_input(io, "operator", "no PIN on stdin");
    if (auto account = operators::sign_in(*known, args.positionals()[1], *pin); !account) {
        io.out << account.error().message << "\n";
        return exit_findings;
    }
    io.out << "PIN verified for " << args.positionals()[1] << "\n";
    return exit_ok;
}

int list(const Args& args, Io& io) {
    auto config = config_from(args);
    if (!config) return report(io, "operator", config.error());
    auto known = operators::accounts(*config);
    if (!known) return report(io, "operator", known.error());
    if (args.flag("--json")) {
        auto names = nlohmann::json::array();
        for (const auto& account : *known) names.push_back(account.name);
        write_json(io, {{"operators", names}});
        return exit_ok;
    }
    if (known->empty()) io.out << "no operators configured (the kiosk runs unlocked)\n";
    for (const auto& account : *known) io.out << account.name << "\n";
    return exit_ok;
}

}  // namespace

int run_operator(std::span<const std::string> argv, Io& io) {
    auto args = Args::parse(argv, ArgSpec{{"--pin-stdin", "--json"}, {"--config"}, 2});
    if (!args) return report(io, "operator", args.error());
    const auto& words = args->positionals();
    const std::string action = words.empty() ? "" : words[0];
    if (action == "add") return add(*args, io);
    if (action == "verify") return verify(*args, io);
    if (action == "list" && words.size() == 1) return list(*args, io);
    return bad_input(io, "operator", "expected add NAME, verify NAME or list (see kiosk operator --help)");
}

}  // namespace kiosk::cli
