// `kiosk session run`: one verification session headless, recorded in the ledger as it happens.
#include "cli/common.h"
#include "core/exit_code.h"
#include "core/printable.h"
#include "fleet/push.h"
#include "ledger/ledger.h"
#include "media/source_spec.h"
#include "session/headless.h"

namespace kiosk::cli {

const std::string_view session_usage =
    "usage: kiosk session run --workflow handoff|interview --operator NAME --subject REF\n"
    "                         [--source SOURCE] [--root DIR] [--consent]\n"
    "                         [--decision confirm|override [--verdict pass|review|fail] --reason TEXT]\n"
    "                         [--json] [--data-dir DIR] [--config FILE]\n"
    "Exit 0: the session's verdict is pass; 1: review or fail; 2: bad usage.\n";

namespace {

void print_human(Io& io, const session::HeadlessResult& result) {
    io.out << "session " << result.session << "\n";
    for (const auto& outcome : result.outcomes)
        io.out << "  " << outcome.step << ": " << (outcome.status == session::StepStatus::ran ? "ran" : "SKIPPED")
               << " - " << outcome.reason << "\n";
    io.out << "recommendation: " << session::to_string(result.recommendation.verdict) << "\n";
    for (const auto& reason : result.recommendation.reasons) io.out << "  because " << reason << "\n";
    io.out << "decision: " << (result.decision ? std::string(session::to_string(*result.decision)) : "none (not decided)")
           << "\n";
}

}  // namespace

int run_session(std::span<const std::string> argv, Io& io) {
    if (argv.empty() || argv[0] != "run") {
        io.err << session_usage;
        return exit_bad_input;
    }
    auto args = Args::parse(argv.subspan(1), ArgSpec{{"--json", "--consent"},
                                                     {"--workflow", "--source", "--root", "--operator", "--subject",
                                                      "--decision", "--verdict", "--reason", "--data-dir"},
                                                     0});
    if (!args) return report(io, "session run", args.error());
    session::HeadlessOptions options;
    auto workflow = session::parse_workflow(args->option("--workflow").value_or(""));
    if (!workflow) return bad_input(io, "session run", "--workflow takes handoff or interview");
    options.workflow = *workflow;
    options.operator_name = args->option("--operator").value_or("");
    options.subject = args->option("--subject").value_or("");
    if (options.operator_name.empty() || options.subject.empty())
        return bad_input(io, "session run", "--operator NAME and --subject REF are required");
    // They are signed into the ledger for good and shown in every listing: refused at the door.
    for (const auto& [option, value] : {std::pair{"--operator", &options.operator_name}, std::pair{"--subject", &options.subject}})
        if (!is_printable(*value))
            return bad_input(io, "session run", std::string(option) + " must be printable text: no newline, tab or other "
                                                "control character, and valid UTF-8");
    options.source = args->option("--source");
    // A source that names no usable file (missing, a FIFO, a device) is bad input: no session is recorded for it.
    if (options.source) {
        if (auto resolved = media::resolve_source(*options.source); !resolved)
            return report(io, "session run", resolved.error());
    }
    options.root = args->option("--root");
    options.consent = args->flag("--consent");
    if (auto decision = args->option("--decision")) {
        auto kind = session::parse_decision_kind(*decision);
        if (!kind) return bad_input(io, "session run", "--decision takes confirm or override");
        session::Decision made{*kind, std::nullopt, options.operator_name, args->option("--reason").value_or("")};
        if (auto verdict = args->option("--verdict")) {
            made.verdict = session::parse_verdict(*verdict);
            if (!made.verdict) return bad_input(io, "session run", "--verdict takes pass, review or fail");
        }
        if (auto checked = session::check_decision(made); !checked) return report(io, "session run", checked.error());
        options.decision = made;
    } else if (args->option("--verdict") || args->option("--reason")) {
        return bad_input(io, "session run", "--verdict and --reason go with --decision");
    }
    auto config = config_from(*args);
    if (!config) return report(io, "session run", config.error());
    auto ledger_options = ledger::options_from(*config, args->option("--data-dir"));
    if (!ledger_options) return report(io, "session run", ledger_options.error());
    auto ledger = ledger::Ledger::open(*ledger_options);
    if (!ledger) return report(io, "session run", ledger.error());
    auto result = session::run_headless(*ledger, *config, options);
    if (!result) return report(io, "session run", result.error());
    // Sent to the fleet store when one is configured; a store out of reach loses nothing here.
    const auto pushed = fleet::push_to_configured(*config, *ledger);
    if (args->flag("--json")) {
        auto json = session::to_json(*result);
        json["fleet"] = !pushed ? nlohmann::json{{"error", pushed.error().message}}
                        : *pushed ? fleet::to_json(**pushed) : nlohmann::json(nullptr);
        write_json(io, json);
    } else {
        print_human(io, *result);
        if (pushed && *pushed)
            io.out << "fleet: " << (*pushed)->pushed << " records sent, " << (*pushed)->already_present << " already there\n";
    }
    if (!pushed)
        io.err << "kiosk session run: not sent to the fleet store (the next push sends it): " << pushed.error().message << "\n";
    if (result->unsealed) return report(io, "session run", *result->unsealed);
    auto verdict = result->decision.value_or(result->recommendation.verdict);
    return verdict == session::Verdict::pass ? exit_ok : exit_findings;
}

}  // namespace kiosk::cli
