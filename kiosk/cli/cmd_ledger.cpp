// `kiosk ledger list|show|verify|export|verify-export|purge|keygen|checkpoint|correlate`: the attested ledger.
#include <filesystem>

#include "cli/common.h"
#include "cli/session_view.h"
#include "core/exit_code.h"
#include "core/file_text.h"
#include "core/printable.h"
#include "fleet/url.h"
#include "fleet/witness.h"
#include "ledger/export.h"
#include "ledger/ledger.h"
#include "ledger/record.h"
#include "ledger/verify.h"

namespace kiosk::cli {

const std::string_view ledger_usage =
    "usage: kiosk ledger list [--json] [--workflow W] [--subject S] [--operator O] [--since DATE] [--verdict V]\n"
    "       kiosk ledger show SESSION [--json]\n"
    "       kiosk ledger verify [--json] [--pubkey KEY|FILE] [--known-checkpoint FILE]\n"
    "       kiosk ledger verify --fleet [--url URL] [--json]\n"
    "       kiosk ledger export SESSION --out DIR [--known-checkpoint FILE]\n"
    "       kiosk ledger verify-export DIR [--json] [--pubkey KEY|FILE] [--known-checkpoint FILE]\n"
    "       kiosk ledger purge --before DATE [--reason TEXT]\n"
    "       kiosk ledger keygen [--tpm]\n"
    "       kiosk ledger checkpoint [--now] [--json]\n"
    "       kiosk ledger correlate [--json]\n"
    "Every form takes --data-dir DIR (else kiosk.data_dir) and --config FILE.\n";

namespace {

Result<std::string> read_small_file(const std::string& path) {
    auto text = read_file_text(path);
    if (text && text->size() > 65536) return fail(path + " is too large");
    return text;
}

// --pubkey takes a minisign public key file or its base64 line.
Result<std::optional<ledger::PublicKey>> pinned_key(const Args& args) {
    auto given = args.option("--pubkey");
    if (!given) return std::optional<ledger::PublicKey>{};
    std::string text = *given;
    if (std::filesystem::is_regular_file(*given)) {
        auto file = read_small_file(*given);
        if (!file) return std::unexpected(file.error());
        text = *file;
    }
    auto key = ledger::parse_public_key(text);
    if (!key) return fail("--pubkey: " + key.error().message);
    return std::optional<ledger::PublicKey>{*key};
}

Result<std::optional<ledger::Checkpoint>> known_checkpoint(const Args& args) {
    auto path = args.option("--known-checkpoint");
    if (!path) return std::optional<ledger::Checkpoint>{};
    auto text = read_small_file(*path);
    if (!text) return std::unexpected(text.error());
    auto checkpoint = ledger::parse_checkpoint(*text);
    if (!checkpoint) return fail(*path + ": " + checkpoint.error().message);
    return std::optional<ledger::Checkpoint>{*checkpoint};
}

Result<ledger::LedgerOptions> ledger_options(const Args& args) {
    auto config = config_from(args);
    if (!config) return std::unexpected(config.error());
    return ledger::options_from(*config, args.option("--data-dir"));
}

// Reading commands never create a ledger.
Result<ledger::Ledger> existing_ledger(const Args& args) {
    auto options = ledger_options(args);
    if (!options) return std::unexpected(options.error());
    return ledger::Ledger::open_existing(*options);
}

Result<Args> parse(std::span<const std::string> argv, std::set<std::string> flags, std::set<std::string> options,
                   std::size_t positionals) {
    options.insert("--data-dir");
    return Args::parse(argv, ArgSpec{std::move(flags), std::move(options), positionals});
}

int list(std::span<const std::string> argv, Io& io) {
    auto args = parse(argv, {"--json"}, {"--workflow", "--subject", "--operator", "--since", "--verdict"}, 0);
    if (!args) return report(io, "ledger list", args.error());
    ledger::SessionFilter filter{args->option("--workflow"), args->option("--subject"), args->option("--operator"),
                                 args->option("--verdict"), std::nullopt};
    if (auto since = args->option("--since")) {
        auto normalised = ledger::normalise_date(*since);
        if (!normalised) return bad_input(io, "ledger list", "--since: " + normalised.error().message);
        filter.since = *normalised;
    }
    if (filter.verdict && *filter.verdict != "pass" && *filter.verdict != "review" && *filter.verdict != "fail")
        return bad_input(io, "ledger list", "--verdict takes pass, review or fail");
    auto ledger = existing_ledger(*args);
    if (!ledger) return report(io, "ledger list", ledger.error());
    auto sessions = ledger->sessions(filter);
    if (!sessions) return report(io, "ledger list", sessions.error());
    if (args->flag("--json")) {
        auto list = nlohmann::json::array();
        for (const auto& session : *sessions) list.push_back(ledger::to_json(session));
        write_json(io, {{"kiosk", ledger->kiosk_id()}, {"sessions", list}});
        return exit_ok;
    }
    io.out << session_table_header();
    for (const auto& s : *sessions) io.out << session_table_row(s);
    io.out << sessions->size() << " session(s)\n";
    return exit_ok;
}

int show(std::span<const std::string> argv, Io& io) {
    auto args = parse(argv, {"--json"}, {}, 1);
    if (!args) return report(io, "ledger show", args.error());
    if (args->positionals().empty()) return bad_input(io, "ledger show", "which session? kiosk ledger show SESSION");
    const auto& id = args->positionals()[0];
    auto ledger = existing_ledger(*args);
    if (!ledger) return report(io, "ledger show", ledger.error());
    auto summary = ledger->session(id);
    if (!summary) return report(io, "ledger show", summary.error());
    if (!*summary) return report(io, "ledger show", Error{"no session '" + id + "'", ErrorKind::not_found});
    auto records = ledger->session_records(id);
    if (!records) return report(io, "ledger show", records.error());
    auto lines = record_lines(*records, id);
    if (!lines) return report(io, "ledger show", Error{lines.error().message + " (run kiosk ledger verify)", lines.error().kind});
    if (args->flag("--json")) {
        write_json(io, {{"session", ledger::to_json(**summary)}, {"records", *lines}});
        return exit_ok;
    }
    print_session(io.out, **summary, *lines);
    return exit_ok;
}

Result<ledger::VerifyOptions> fleet_witness(const Args& args, const ledger::Ledger& ledger) {
    auto config = config_from(args);
    if (!config) return std::unexpected(config.error());
    auto url = fleet::fleet_url(*config, args.option("--url"));
    if (!url) return std::unexpected(url.error());
    auto connection = fleet::pg::Connection::open(*url);
    if (!connection) return std::unexpected(connection.error());
    return fleet::witness_options(*connection, ledger);
}

int verify(std::span<const std::string> argv, Io& io) {
    auto args = parse(argv, {"--json", "--fleet"}, {"--pubkey", "--known-checkpoint", "--url"}, 0);
    if (!args) return report(io, "ledger verify", args.error());
    auto key = pinned_key(*args);
    if (!key) return report(io, "ledger verify", key.error());
    auto known = known_checkpoint(*args);
    if (!known) return report(io, "ledger verify", known.error());
    auto ledger = existing_ledger(*args);
    if (!ledger) return report(io, "ledger verify", ledger.error());
    ledger::VerifyOptions options{*key, *known};
    if (args->flag("--fleet")) {  // the fleet as witness: its bound key and newest checkpoint
        if (*key || *known) return bad_input(io, "ledger verify", "--fleet takes the key and checkpoint from the fleet");
        auto witnessed = fleet_witness(*args, *ledger);
        if (!witnessed) return report(io, "ledger verify", witnessed.error());
        options = *witnessed;
    }
    auto report = ledger::verify_ledger(*ledger, options);
    if (args->flag("--json")) write_json(io, ledger::to_json(report));
    if (!report.ok) return cli::report(io, "ledger verify", Error{report.problem, report.problem_kind});
    if (!args->flag("--json"))
        io.out << "ledger of " << escaped(ledger->kiosk_id()) << " verifies: " << report.records << " records, "
               << report.signed_records << " of them signed by " << report.checkpoints << " checkpoints (key "
               << report.key_id << "), " << report.purged << " purged by retention"
               << (args->flag("--fleet") && options.known_checkpoint
                       ? "; it holds the fleet's checkpoint " + std::to_string(options.known_checkpoint->size)
                       : std::string())
               << "\n";
    return exit_ok;
}

int export_bundle(std::span<const std::string> argv, Io& io) {
    auto args = parse(argv, {}, {"--out", "--known-checkpoint"}, 1);
    if (!args) return report(io, "ledger export", args.error());
    if (args->positionals().empty() || !args->option("--out"))
        return bad_input(io, "ledger export", "kiosk ledger export SESSION --out DIR");
    auto known = known_checkpoint(*args);
    if (!known) return report(io, "ledger export", known.error());
    auto options = ledger_options(*args);
    if (!options) return report(io, "ledger export", options.error());
    auto ledger = ledger::Ledger::open_existing(*options);  // must exist; then open for the checkpoint it may sign
    if (!ledger) return report(io, "ledger export", ledger.error());
    options->kiosk_id = ledger->kiosk_id();
    auto writable = ledger::Ledger::open(*options);
    if (!writable) return report(io, "ledger export", writable.error());
    auto result = ledger::export_session(*writable, args->positionals()[0], *args->option("--out"), *known);
    if (!result) return report(io, "ledger export", result.error());
    io.out << "exported " << result->records << " records of session " << escaped(args->positionals()[0]) << " to "
           << result->dir.string() << " (checkpoint " << result->tree_size << "); see README.txt there\n";
    return exit_ok;
}

int verify_export(std::span<const std::string> argv, Io& io) {
    auto args = parse(argv, {"--json"}, {"--pubkey", "--known-checkpoint"}, 1);
    if (!args) return report(io, "ledger verify-export", args.error());
    if (args->positionals().empty()) return bad_input(io, "ledger verify-export", "kiosk ledger verify-export DIR");
    auto key = pinned_key(*args);
    if (!key) return report(io, "ledger verify-export", key.error());
    auto known = known_checkpoint(*args);
    if (!known) return report(io, "ledger verify-export", known.error());
    auto check = ledger::verify_export(args->positionals()[0], *key, *known);
    if (!check) {
        if (args->flag("--json")) write_json(io, {{"ok", false}, {"problem", check.error().message}});
        return report(io, "ledger verify-export", check.error());
    }
    if (args->flag("--json")) {
        write_json(io, {{"ok", true}, {"kiosk", check->kiosk}, {"session", check->session}, {"records", check->records},
                        {"tree_size", check->tree_size}, {"key_id", check->key_id},
                        {"key_pinned", key->has_value()}});
        return exit_ok;
    }
    io.out << "export verifies: " << check->records << " records of session " << check->session << " from "
           << check->kiosk << ", all in signed checkpoint " << check->tree_size << " (key " << check->key_id
           << (key->has_value() ? ", pinned" : ", taken from the export's kiosk.pub: pin it with --pubkey") << ")\n";
    return exit_ok;
}

int purge(std::span<const std::string> argv, Io& io) {
    auto args = parse(argv, {"--json"}, {"--before", "--reason"}, 0);
    if (!args) return report(io, "ledger purge", args.error());
    auto before_text = args->option("--before");
    if (!before_text) return bad_input(io, "ledger purge", "kiosk ledger purge --before DATE");
    auto before = ledger::normalise_date(*before_text);
    if (!before) return bad_input(io, "ledger purge", "--before: " + before.error().message);
    auto options = ledger_options(*args);
    if (!options) return report(io, "ledger purge", options.error());
    auto existing = ledger::Ledger::open_existing(*options);
    if (!existing) return report(io, "ledger purge", existing.error());
    options->kiosk_id = existing->kiosk_id();
    auto ledger = ledger::Ledger::open(*options);
    if (!ledger) return report(io, "ledger purge", ledger.error());
    auto result = ledger->purge_before(*before, args->option("--reason").value_or("retention schedule"));
    if (!result) return report(io, "ledger purge", result.error());
    if (args->flag("--json")) {
        write_json(io, {{"sessions", result->sessions}, {"records", result->records},
                        {"purge_record", result->sessions.empty() ? nlohmann::json(nullptr) : nlohmann::json(result->purge_record)},
                        {"sealed", !result->unsealed}});
    } else if (result->sessions.empty()) {
        io.out << "nothing to purge: no session started before " << *before << "\n";
    } else {
        io.out << "purged the content of " << result->records << " records of " << result->sessions.size()
               << " session(s) started before " << *before << "; logged as record " << result->purge_record << "\n";
    }
    if (result->unsealed) return report(io, "ledger purge", *result->unsealed);
    return exit_ok;
}

int keygen(std::span<const std::string> argv, Io& io) {
    auto args = parse(argv, {"--tpm"}, {}, 0);
    if (!args) return report(io, "ledger keygen", args.error());
    auto options = ledger_options(*args);
    if (!options) return report(io, "ledger keygen", options.error());
    const bool tpm = args->flag("--tpm");
    auto key = tpm ? ledger::generate_tpm_key(options->data_dir, options->tpm_tcti)
                   : ledger::generate_key(options->data_dir);
    if (!key) return report(io, "ledger keygen", key.error());
    if (tpm)
        io.out << "kiosk key made and sealed to the TPM at " << options->tpm_tcti << ": "
               << ledger::sealed_key_path(options->data_dir).string()
               << " (mode 0600; unseals only on this TPM; the secret key was never written to disk)\n";
    else
        io.out << "kiosk key made: " << ledger::secret_key_path(options->data_dir).string() << " (mode 0600)\n";
    io.out << "key id:     " << key->key_id_hex() << "\n"
           << "public key: " << key->minisign_line() << "\n"
           << "            " << ledger::public_key_path(options->data_dir).string() << "\n"
           << "Register the public key line with HR/IT: auditors verify exports against it.\n";
    return exit_ok;
}

// For a timer: records appended after the last checkpoint get signed within the interval even
// when no further record comes to trigger it.
int checkpoint(std::span<const std::string> argv, Io& io) {
    auto args = parse(argv, {"--now", "--json"}, {}, 0);
    if (!args) return report(io, "ledger checkpoint", args.error());
    auto options = ledger_options(*args);
    if (!options) return report(io, "ledger checkpoint", options.error());
    auto existing = ledger::Ledger::open_existing(*options);
    if (!existing) return report(io, "ledger checkpoint", existing.error());
    options->kiosk_id = existing->kiosk_id();
    auto ledger = ledger::Ledger::open(*options);
    if (!ledger) return report(io, "ledger checkpoint", ledger.error());
    std::optional<ledger::SignedCheckpoint> signed_now;
    if (args->flag("--now")) {
        auto before = ledger->latest_checkpoint();
        if (!before) return report(io, "ledger checkpoint", before.error());
        auto made = ledger->checkpoint();
        if (!made) return report(io, "ledger checkpoint", made.error());
        if (!*before || (*before)->text != made->text) signed_now = *made;
    } else {
        auto made = ledger->checkpoint_if_due();
        if (!made) return report(io, "ledger checkpoint", made.error());
        signed_now = *made;
    }
    auto latest = ledger->latest_checkpoint();
    if (!latest) return report(io, "ledger checkpoint", latest.error());
    if (args->flag("--json")) {
        nlohmann::json out = {{"signed", signed_now.has_value()}, {"size", nullptr}, {"time", nullptr}};
        if (*latest) out["size"] = (*latest)->checkpoint.size, out["time"] = (*latest)->checkpoint.time;
        write_json(io, out);
        return exit_ok;
    }
    if (signed_now)
        io.out << "signed checkpoint " << signed_now->checkpoint.size << " at " << signed_now->checkpoint.time << "\n";
    else if (*latest)
        io.out << "no checkpoint due: checkpoint " << (*latest)->checkpoint.size << " of " << (*latest)->checkpoint.time
               << " covers every record, or is younger than ledger.checkpoint_interval_seconds\n";
    else
        io.out << "no checkpoint due\n";
    return exit_ok;
}

}  // namespace

int run_ledger(std::span<const std::string> args, Io& io) {
    if (args.empty() || args[0] == "help") {
        (args.empty() ? io.err : io.out) << ledger_usage;
        return args.empty() ? exit_bad_input : exit_ok;
    }
    const auto& verb = args[0];
    auto rest = args.subspan(1);
    if (verb == "list") return list(rest, io);
    if (verb == "show") return show(rest, io);
    if (verb == "verify") return verify(rest, io);
    if (verb == "export") return export_bundle(rest, io);
    if (verb == "verify-export") return verify_export(rest, io);
    if (verb == "purge") return purge(rest, io);
    if (verb == "keygen") return keygen(rest, io);
    if (verb == "checkpoint") return checkpoint(rest, io);
    if (verb == "correlate") return run_ledger_correlate(rest, io);
    return bad_input(io, "ledger", "unknown subcommand '" + verb + "' (list, show, verify, export, verify-export, purge, keygen, checkpoint, correlate)");
}

}  // namespace kiosk::cli
