#include "cli/common.h"

#include "core/exit_code.h"
#include "core/json_text.h"
#include "core/printable.h"

namespace kiosk::cli {

int bad_input(Io& io, std::string_view command, std::string_view message) {
    return report(io, command, Error{std::string(message), ErrorKind::bad_input});
}

int report(Io& io, std::string_view command, const Error& error) {
    // Messages quote hostile text (record fields, file contents): escaped, they stay one line.
    io.err << io.program << " " << command << ": " << escaped(error.message) << "\n";
    return exit_code_for(error.kind);
}

Result<Config> config_from(const Args& args) { return load_config(args.option("--config")); }

Result<Severity> fail_on_from(const Args& args, const Config& config, std::string_view key) {
    if (auto given = args.option("--fail-on")) {
        if (auto severity = parse_severity(*given)) return *severity;
        return fail("--fail-on takes info, low, medium, high or critical, not '" + *given + "'");
    }
    return config.severity(key);
}

int exit_for(const std::vector<Finding>& findings, Severity threshold) {
    auto worst = worst_severity(findings);
    return worst && *worst >= threshold ? exit_findings : exit_ok;
}

void write_json(Io& io, const nlohmann::json& document) { io.out << json_text(document, 2) << "\n"; }

}  // namespace kiosk::cli
