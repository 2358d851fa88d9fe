// `kiosk edid FILE... [--json] [--fail-on SEVERITY]`: decode EDID blobs (raw or pasted hex) and judge
// them with the display rules. Every file gets an entry; a file that cannot be read or is not an
// EDID gets {file, error} and one stderr line, and then the exit code is 2 (bad input) whatever
// the findings; otherwise 0/1 by --fail-on (default scan.fail_on).
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/common.h"
#include "core/exit_code.h"
#include "core/printable.h"
#include "host/edid.h"
#include "host/rules.h"

namespace kiosk::cli {

const std::string_view edid_usage =
    "usage: kiosk edid FILE... [--json] [--fail-on SEVERITY] [--config FILE]\n"
    "Decodes EDID blobs (raw bytes or pasted hex) and judges them with the display rules. A file that\n"
    "cannot be read or is not an EDID gets an error entry and one stderr line, and the exit code is 2;\n"
    "otherwise 0, or 1 with findings at or above --fail-on (default scan.fail_on).\n";

namespace {

// Far above any EDID (256 blocks of 128 bytes, or its hex text): anything bigger is the wrong file.
constexpr std::uintmax_t max_input_bytes = 1 << 20;

Result<std::string> read_input(const std::string& path) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error) return fail("cannot read: " + error.message());
    if (size > max_input_bytes) return fail("too large to be an EDID (" + std::to_string(size) + " bytes)");
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail("cannot open");
    std::ostringstream contents;
    contents << in.rdbuf();
    if (in.bad()) return fail("read error");
    return contents.str();
}

Result<host::Edid> decode_file(const std::string& path) {
    auto contents = read_input(path);
    if (!contents) return std::unexpected(contents.error());
    auto bytes = host::read_edid_input(*contents);
    if (!bytes) return std::unexpected(bytes.error());
    return host::decode_edid(*bytes);
}

std::string hex(unsigned value, int digits) {
    std::string text(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i, value >>= 4) text[static_cast<std::size_t>(i)] = "0123456789ABCDEF"[value & 0xF];
    return text;
}

void print_human(Io& io, const std::string& file, const host::Edid& edid, const std::vector<Finding>& findings) {
    io.out << escaped(file) << ": " << edid.manufacturer << " 0x" << hex(edid.product_code, 4);
    if (!edid.name.empty()) io.out << " \"" << edid.name << "\"";
    io.out << ", serial 0x" << hex(edid.serial_number, 8);
    if (!edid.serial_string.empty()) io.out << " \"" << edid.serial_string << "\"";
    io.out << ", " << (edid.model_year ? "model year " : "week " + std::to_string(edid.week) + "/") << edid.year
           << ", EDID " << int{edid.version} << "." << int{edid.revision} << ", " << int{edid.width_cm} << "x"
           << int{edid.height_cm} << " cm, " << edid.size << " bytes, checksum " << (edid.checksum_ok() ? "ok" : "WRONG")
           << ", " << edid.extensions.size() << "/" << int{edid.extension_count} << " extensions\n";
    if (const auto* t = edid.preferred_timing())
        io.out << "  preferred " << t->h_active << "x" << (t->interlaced ? t->v_active * 2 : t->v_active)
               << (t->interlaced ? "i" : "") << " @ " << t->refresh_mhz / 1000.0 << " Hz, " << t->pixel_clock_khz / 1000.0
               << " MHz" << (t->reduced_blanking ? " (reduced blanking)" : "") << "\n";
    if (edid.range_limits) {
        const auto& r = *edid.range_limits;
        io.out << "  range " << r.min_v_hz << "-" << r.max_v_hz << " Hz, " << r.min_h_khz << "-" << r.max_h_khz << " kHz, "
               << r.max_pixel_clock_mhz << " MHz\n";
    }
    for (const auto& quirk : edid.quirks) io.out << "  quirk " << quirk.code << ": " << quirk.detail << "\n";
    for (const auto& finding : findings)
        io.out << "  " << to_string(finding.severity) << " " << finding.category << " " << finding.rule << ": "
               << finding.title << "\n";
    if (findings.empty()) io.out << "  no findings\n";
}

}  // namespace

int run_edid(std::span<const std::string> args, Io& io) {
    auto parsed = Args::parse(args, ArgSpec{{"--json"}, {"--fail-on"}, 100'000});
    if (!parsed) return report(io, "edid", parsed.error());
    if (parsed->positionals().empty()) return bad_input(io, "edid", "give one or more EDID files (raw bytes or hex text)");
    auto config = config_from(*parsed);
    if (!config) return report(io, "edid", config.error());
    auto threshold = fail_on_from(*parsed, *config, "scan.fail_on");
    if (!threshold) return report(io, "edid", threshold.error());
    auto rules = host::RuleSet::load(config->string("scan.rules_dir"));
    if (!rules) return report(io, "edid", rules.error());

    const bool json = parsed->flag("--json");
    nlohmann::json report = nlohmann::json::array();
    std::vector<Finding> all_findings;
    bool any_bad = false;
    for (const auto& file : parsed->positionals()) {
        auto edid = decode_file(file);
        if (!edid) {
            any_bad = true;
            io.err << "kiosk edid: " << escaped(file + ": " + edid.error().message) << "\n";
            report.push_back({{"file", file}, {"error", edid.error().message}});
            continue;
        }
        const std::array subjects{host::display_subject(*edid, file)};
        auto findings = rules->judge(subjects);
        if (json) {
            nlohmann::json listed = nlohmann::json::array();
            for (const auto& finding : findings) listed.push_back(to_json(finding));
            report.push_back({{"file", file}, {"edid", host::to_json(*edid)}, {"findings", listed}});
        } else {
            print_human(io, file, *edid, findings);
        }
        all_findings.insert(all_findings.end(), findings.begin(), findings.end());
    }
    if (json) write_json(io, report);
    return any_bad ? exit_bad_input : exit_for(all_findings, *threshold);
}

}  // namespace kiosk::cli
