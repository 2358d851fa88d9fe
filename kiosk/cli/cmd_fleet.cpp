// `kiosk fleet init|enroll|push|verify`: the fleet store in PostgreSQL (kiosk/fleet/README.md);
// list, show and correlate are in cmd_fleet_review.cpp.
#include <algorithm>
#include <filesystem>

#include "cli/common.h"
#include "core/exit_code.h"
#include "core/file_text.h"
#include "core/printable.h"
#include "fleet/enroll.h"
#include "fleet/push.h"
#include "fleet/schema.h"
#include "fleet/url.h"
#include "fleet/verify.h"
#include "ledger/ledger.h"

namespace kiosk::cli {

const std::string_view fleet_usage =
    "usage: kiosk fleet init [--url URL]\n"
    "       kiosk fleet enroll NAME --pubkey KEY|FILE [--url URL]\n"
    "       kiosk fleet push [--url URL] [--json] [--data-dir DIR]\n"
    "       kiosk fleet verify [--url URL] [--json]\n"
    "       kiosk fleet list [--url URL] [--json] [--workflow W] [--subject S] [--operator O] [--since DATE] [--verdict V]\n"
    "       kiosk fleet list --agents [--url URL] [--json] [--since DATE]\n"
    "       kiosk fleet show SESSION|SIGNER/SESSION [--url URL] [--json]\n"
    "       kiosk fleet correlate [--url URL] [--json]\n"
    "URL is a libpq connection string or postgresql:// URI: --url, else $KIOSK_FLEET_URL, else [fleet] url.\n"
    "init and enroll need an administrator's URL; push the URL enroll printed; verify, list, show and\n"
    "correlate a reviewer's (a role in kiosk_review). list and show read the rows as stored: verify proves them.\n"
    "Every form takes --config FILE.\n";

namespace {

struct Context {
    Args args;
    Config config;
};

Result<Context> parse(std::span<const std::string> argv, std::set<std::string> flags, std::set<std::string> options,
                      std::size_t positionals) {
    options.insert("--url");
    auto args = Args::parse(argv, ArgSpec{std::move(flags), std::move(options), positionals});
    if (!args) return std::unexpected(args.error());
    auto config = config_from(*args);
    if (!config) return std::unexpected(config.error());
    return Context{std::move(*args), std::move(*config)};
}

Result<fleet::pg::Connection> connect(const Context& context) {
    auto url = fleet::fleet_url(context.config, context.args.option("--url"));
    if (!url) return std::unexpected(url.error());
    return fleet::pg::Connection::open(*url);
}

int init(std::span<const std::string> argv, Io& io) {
    auto context = parse(argv, {}, {}, 0);
    if (!context) return report(io, "fleet init", context.error());
    auto connection = connect(*context);
    if (!connection) return report(io, "fleet init", connection.error());
    auto before = fleet::schema_version(*connection);
    if (!before) return report(io, "fleet init", before.error());
    auto version = fleet::migrate(*connection);
    if (!version) return report(io, "fleet init", version.error());
    io.out << "fleet schema version " << *version
           << (*before == *version ? " (already current)" : *before == 0 ? " (created)" : " (migrated)")
           << "; group roles kiosk_ingest and kiosk_review\n";
    return exit_ok;
}

int enroll(std::span<const std::string> argv, Io& io) {
    auto context = parse(argv, {}, {"--pubkey"}, 1);
    if (!context) return report(io, "fleet enroll", context.error());
    auto given_key = context->args.option("--pubkey");
    if (context->args.positionals().empty() || !given_key)
        return bad_input(io, "fleet enroll", "kiosk fleet enroll NAME --pubkey KEY|FILE --url URL");
    std::string key_text = *given_key;
    if (std::filesystem::is_regular_file(*given_key)) {
        auto file = read_file_text(*given_key);
        if (!file) return report(io, "fleet enroll", file.error());
        key_text = *file;
    }
    auto key = ledger::parse_public_key(key_text);
    if (!key) return bad_input(io, "fleet enroll", "--pubkey: " + key.error().message);
    auto url = fleet::fleet_url(context->config, context->args.option("--url"));
    if (!url) return report(io, "fleet enroll", url.error());
    auto connection = fleet::pg::Connection::open(*url);
    if (!connection) return report(io, "fleet enroll", connection.error());
    auto enrolled = fleet::enroll(*connection, *url, context->args.positionals()[0], *key);
    if (!enrolled) return report(io, "fleet enroll", enrolled.error());
    io.err << "enrolled " << enrolled->role << " for key " << key->key_id_hex()
           << "; its fleet URL (keep it secret; the password is shown only now):\n";
    io.out << enrolled->url << "\n";
    return exit_ok;
}

int push(std::span<const std::string> argv, Io& io) {
    auto context = parse(argv, {"--json"}, {"--data-dir"}, 0);
    if (!context) return report(io, "fleet push", context.error());
    auto options = ledger::options_from(context->config, context->args.option("--data-dir"));
    if (!options) return report(io, "fleet push", options.error());
    auto ledger = ledger::Ledger::open_existing(*options);
    if (!ledger) return report(io, "fleet push", ledger.error());
    auto connection = connect(*context);
    if (!connection) return report(io, "fleet push", connection.error());
    auto pushed = fleet::push(*connection, *ledger);
    if (!pushed) return report(io, "fleet push", pushed.error());
    if (context->args.flag("--json")) {
        write_json(io, fleet::to_json(*pushed));
        return exit_ok;
    }
    io.out << "pushed " << pushed->pushed << " records and " << pushed->checkpoints_pushed << " checkpoints; "
           << pushed->already_present << " were there already; the fleet holds records up to "
           << (pushed->high_water ? std::to_string(*pushed->high_water) : std::string("(none)")) << "\n";
    return exit_ok;
}

int verify(std::span<const std::string> argv, Io& io) {
    auto context = parse(argv, {"--json"}, {}, 0);
    if (!context) return report(io, "fleet verify", context.error());
    auto connection = connect(*context);
    if (!connection) return report(io, "fleet verify", connection.error());
    auto verdicts = fleet::verify_fleet(*connection);
    if (!verdicts) return report(io, "fleet verify", verdicts.error());
    const auto bad = std::ranges::find_if(*verdicts, [](const auto& verdict) { return !verdict.report.ok; });
    if (context->args.flag("--json")) {
        auto signers = nlohmann::json::array();
        for (const auto& verdict : *verdicts) signers.push_back(fleet::to_json(verdict));
        write_json(io, {{"ok", bad == verdicts->end()}, {"signers", signers}});
    } else {
        for (const auto& verdict : *verdicts) {
            const auto& r = verdict.report;
            io.out << verdict.signer.role << " (kiosk " << escaped(verdict.signer.kiosk_id.empty() ? "-" : verdict.signer.kiosk_id)
                   << ", key " << r.key_id << "): "
                   << (r.ok ? "verifies: " + std::to_string(r.records) + " records, " +
                                  std::to_string(r.signed_records) + " of them signed by " +
                                  std::to_string(r.checkpoints) + " checkpoints"
                            : "DOES NOT VERIFY")
                   << "\n";
        }
        io.out << verdicts->size() << " signer(s)\n";
    }
    // One error line per log that does not verify, naming its first bad record.
    for (const auto& verdict : *verdicts)
        if (!verdict.report.ok)
            report(io, "fleet verify", Error{verdict.signer.role + ": " + verdict.report.problem, ErrorKind::tampered});
    if (bad != verdicts->end()) return exit_tampered;
    return exit_ok;
}

}  // namespace

int run_fleet(std::span<const std::string> argv, Io& io) {
    if (argv.empty()) return bad_input(io, "fleet", "which? kiosk fleet init|enroll|push|verify|list|show|correlate (see --help)");
    const auto& verb = argv[0];
    auto rest = argv.subspan(1);
    if (verb == "init") return init(rest, io);
    if (verb == "enroll") return enroll(rest, io);
    if (verb == "push") return push(rest, io);
    if (verb == "verify") return verify(rest, io);
    if (verb == "list" || verb == "show" || verb == "correlate") return run_fleet_review(verb, rest, io);
    return bad_input(io, "fleet", "unknown verb '" + verb + "' (init, enroll, push, verify, list, show, correlate)");
}

}  // namespace kiosk::cli
