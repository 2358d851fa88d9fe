// `kiosk fleet list|show|correlate`: the sessions and agent findings of every kiosk and laptop in
// the fleet store, read through a reviewer's (kiosk_review) or an administrator's URL, and the
// groups of different subjects behind one device across them (fleet/review.h). They show the rows
// as stored; `kiosk fleet verify` is what proves them.
#include <iomanip>

#include "cli/common.h"
#include "cli/correlation_view.h"
#include "cli/session_view.h"
#include "core/exit_code.h"
#include "core/printable.h"
#include "fleet/review.h"
#include "fleet/url.h"
#include "ledger/record.h"

namespace kiosk::cli {
namespace {

struct Opened {
    Args args;
    fleet::pg::Connection connection;
};

Result<Opened> open_store(std::span<const std::string> argv, std::set<std::string> flags, std::set<std::string> options,
                          std::size_t positionals) {
    options.insert("--url");
    auto args = Args::parse(argv, ArgSpec{std::move(flags), std::move(options), positionals});
    if (!args) return std::unexpected(args.error());
    auto config = config_from(*args);
    if (!config) return std::unexpected(config.error());
    auto url = fleet::fleet_url(*config, args->option("--url"));
    if (!url) return std::unexpected(url.error());
    auto connection = fleet::pg::Connection::open(*url);
    if (!connection) return std::unexpected(connection.error());
    return Opened{std::move(*args), std::move(*connection)};
}

// --since DATE, normalised; bad input names the option.
Result<std::optional<std::string>> since_of(const Args& args) {
    auto since = args.option("--since");
    if (!since) return std::optional<std::string>{};
    auto normalised = ledger::normalise_date(*since);
    if (!normalised) return fail("--since: " + normalised.error().message);
    return std::optional<std::string>{*normalised};
}

// One line per agent record: its verdict (agent.scan) or finding (agent.finding), escaped.
std::string agent_summary(const fleet::AgentRecord& record) {
    const auto& body = record.body;
    if (record.type == ledger::record_type::agent_scan) {
        const auto findings = body.value("findings", nlohmann::json::array());
        return "scan " + shown(ledger::body_string(body, "verdict")) + ", " +
               std::to_string(findings.is_array() ? findings.size() : 0) + " finding(s)";
    }
    const auto finding = body.value("finding", nlohmann::json::object());
    return shown(ledger::body_string(body, "source")) + ": " +
           shown(finding.is_object() ? ledger::body_string(finding, "severity") : "") + " " +
           shown(finding.is_object() ? ledger::body_string(finding, "rule") : "") + " " +
           shown(finding.is_object() ? ledger::body_string(finding, "title") : "");
}

int list_agents(Opened& store, Io& io) {
    auto since = since_of(store.args);
    if (!since) return report(io, "fleet list", since.error());
    auto records = fleet::agent_records(store.connection, *since);
    if (!records) return report(io, "fleet list", records.error());
    if (store.args.flag("--json")) {
        auto list = nlohmann::json::array();
        for (const auto& record : *records) list.push_back(fleet::to_json(record));
        write_json(io, {{"agent_records", list}});
        return exit_ok;
    }
    io.out << std::left << std::setw(20) << "SIGNER" << std::setw(20) << "KIOSK" << std::setw(26) << "TIME" << "FINDING\n";
    for (const auto& record : *records)
        io.out << std::setw(20) << shown(record.signer) << std::setw(20) << shown(record.kiosk_id) << std::setw(26)
               << shown(record.ts) << agent_summary(record) << "\n";
    io.out << records->size() << " agent record(s)\n";
    return exit_ok;
}

int list(std::span<const std::string> argv, Io& io) {
    auto store = open_store(argv, {"--json", "--agents"}, {"--workflow", "--subject", "--operator", "--since", "--verdict"}, 0);
    if (!store) return report(io, "fleet list", store.error());
    if (store->args.flag("--agents")) return list_agents(*store, io);
    ledger::SessionFilter filter{store->args.option("--workflow"), store->args.option("--subject"),
                                 store->args.option("--operator"), store->args.option("--verdict"), std::nullopt};
    auto since = since_of(store->args);
    if (!since) return report(io, "fleet list", since.error());
    filter.since = *since;
    if (filter.verdict && *filter.verdict != "pass" && *filter.verdict != "review" && *filter.verdict != "fail")
        return bad_input(io, "fleet list", "--verdict takes pass, review or fail");
    auto sessions = fleet::fleet_sessions(store->connection, filter);
    if (!sessions) return report(io, "fleet list", sessions.error());
    if (store->args.flag("--json")) {
        auto list = nlohmann::json::array();
        for (const auto& session : *sessions) list.push_back(fleet::to_json(session));
        write_json(io, {{"sessions", list}});
        return exit_ok;
    }
    io.out << std::left << std::setw(20) << "SIGNER" << std::setw(20) << "KIOSK" << session_table_header();
    for (const auto& session : *sessions)
        io.out << std::setw(20) << shown(session.signer) << std::setw(20) << shown(session.kiosk_id)
               << session_table_row(session.summary);
    io.out << sessions->size() << " session(s)\n";
    return exit_ok;
}

int show(std::span<const std::string> argv, Io& io) {
    auto store = open_store(argv, {"--json"}, {}, 1);
    if (!store) return report(io, "fleet show", store.error());
    if (store->args.positionals().empty())
        return bad_input(io, "fleet show", "which session? kiosk fleet show SESSION|SIGNER/SESSION");
    const auto& id = store->args.positionals()[0];
    auto found = fleet::fleet_session(store->connection, id);
    if (!found) return report(io, "fleet show", found.error());
    if (found->empty()) return report(io, "fleet show", Error{"no session '" + id + "' in the fleet store", ErrorKind::not_found});
    if (found->size() > 1) {
        std::string signers;
        for (const auto& held : *found) signers += " " + fleet::qualified_id(held.session.signer, held.session.summary.id);
        return bad_input(io, "fleet show", "session '" + id + "' is in several logs; name one:" + signers);
    }
    const auto& held = found->front();
    auto lines = record_lines(held.records, held.session.summary.id);
    if (!lines)
        return report(io, "fleet show", Error{"signer " + held.session.signer + " " + lines.error().message +
                                                  " (run kiosk fleet verify)", lines.error().kind});
    if (store->args.flag("--json")) {
        write_json(io, {{"session", fleet::to_json(held.session)}, {"records", *lines}});
        return exit_ok;
    }
    io.out << "signer " << shown(held.session.signer) << ", kiosk " << shown(held.session.kiosk_id) << "\n";
    print_session(io.out, held.session.summary, *lines);
    return exit_ok;
}

int correlate(std::span<const std::string> argv, Io& io) {
    auto store = open_store(argv, {"--json"}, {}, 0);
    if (!store) return report(io, "fleet correlate", store.error());
    auto sessions = fleet::fleet_fingerprints(store->connection);
    if (!sessions) return report(io, "fleet correlate", sessions.error());
    return show_correlation(io, store->args.flag("--json"), *sessions, ledger::correlate(*sessions));
}

}  // namespace

int run_fleet_review(std::string_view verb, std::span<const std::string> argv, Io& io) {
    if (verb == "list") return list(argv, io);
    if (verb == "show") return show(argv, io);
    return correlate(argv, io);
}

}  // namespace kiosk::cli
