// kiosk-agent, the endpoint agent, as the built binary: it links nothing that reads frames, its scan
// is `kiosk scan` to the byte, `run` keeps only changes in its own ledger and seals it on SIGTERM,
// and bad input is one line and exit 2.
#include <doctest/doctest.h>
#include <signal.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "ledger/ledger.h"
#include "ledger/record.h"
#include "support.h"

using namespace kiosk;

namespace {

const std::string agent_binary = KIOSK_AGENT_BINARY;

test::Run agent(std::vector<std::string> args) { return test::run(agent_binary, std::move(args)); }

std::string host_fixture(const char* name) { return (test::fixtures() / "host" / name).string(); }

// The DT_NEEDED entries of an ELF file, as readelf shows them; nullopt without readelf.
std::optional<std::vector<std::string>> needed_libraries(const std::string& binary) {
    if (!test::have_program("readelf")) return std::nullopt;
    test::TempDir dir;
    const auto listing = dir / "dynamic.txt";
    if (std::system(("readelf -d '" + binary + "' > '" + listing.string() + "'").c_str()) != 0) return std::nullopt;
    std::vector<std::string> libraries;
    const std::regex needed(R"(\(NEEDED\)\s+Shared library: \[([^\]]+)\])");
    const auto text = test::read_file(listing);
    for (std::sregex_iterator it(text.begin(), text.end(), needed), end; it != end; ++it) libraries.push_back((*it)[1]);
    return libraries;
}

// Libraries of the frame-reading stack that the agent must never pull in.
std::vector<std::string> frame_stack(const std::vector<std::string>& libraries) {
    const std::regex heavy(R"(^lib(opencv_|av(codec|format|device|util|filter)|swscale|swresample|dlib|glfw|GL|GLX|EGL|OpenGL|imgui))");
    std::vector<std::string> found;
    std::ranges::copy_if(libraries, std::back_inserter(found), [&](const std::string& name) { return std::regex_search(name, heavy); });
    return found;
}

std::vector<nlohmann::json> json_lines(const std::string& text) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line, nullptr, false));
    return lines;
}

std::size_t scans_printed(const std::string& output) {
    std::size_t count = 0;
    for (const auto& line : json_lines(output)) count += line.value("event", "") == "scan";
    return count;
}

// The agent.scan records of the ledger in `dir`, oldest first.
std::vector<ledger::Record> scan_records(const std::filesystem::path& dir) {
    ledger::LedgerOptions options;
    options.data_dir = dir;
    auto opened = ledger::Ledger::open_existing(options);
    REQUIRE_MESSAGE(opened.has_value(), (opened ? "" : opened.error().message));
    auto stored = opened->records_of_type(ledger::record_type::agent_scan);
    REQUIRE(stored.has_value());
    std::vector<ledger::Record> records;
    for (const auto& record : *stored) records.push_back(*ledger::parse_record_line(record.line));
    return records;
}

// `kiosk-agent run` on a fixture root, scanning every second, stopped by SIGTERM after `scans` scans.
struct Stopped {
    int code = -1;
    std::vector<nlohmann::json> lines;
};

Stopped run_until(const std::string& root, const std::filesystem::path& data_dir, const std::filesystem::path& config,
                  std::size_t scans) {
    test::Child child(agent_binary, {"run", "--root", root, "--data-dir", data_dir.string(), "--config", config.string()});
    const bool scanned = child.wait_for([&](const std::string& output) { return scans_printed(output) >= scans; }, 60);
    CHECK_MESSAGE(scanned, child.output());
    Stopped stopped;
    stopped.code = child.stop(SIGTERM, 20);
    stopped.lines = json_lines(child.output());
    return stopped;
}

}  // namespace

TEST_CASE("kiosk-agent links no OpenCV, FFmpeg, dlib or GL, and the check finds them in the kiosk") {
    const auto agent_libraries = needed_libraries(agent_binary);
    if (!agent_libraries) {
        MESSAGE("skipped: readelf (binutils) is not installed");
        return;
    }
    INFO("kiosk-agent needs: " << nlohmann::json(*agent_libraries).dump());
    CHECK_FALSE(agent_libraries->empty());
    CHECK(frame_stack(*agent_libraries).empty());
    // The same check fires on the kiosk, which does read frames.
    const auto kiosk_libraries = needed_libraries(KIOSK_BINARY);
    REQUIRE(kiosk_libraries.has_value());
    const auto heavy = frame_stack(*kiosk_libraries);
    CHECK(std::ranges::any_of(heavy, [](const std::string& name) { return name.starts_with("libopencv_"); }));
    CHECK(std::ranges::any_of(heavy, [](const std::string& name) { return name.starts_with("libavformat"); }));
}

TEST_CASE("kiosk-agent scan is kiosk scan: the same JSON and exit code on every kind of fixture") {
    for (const auto* name : {"laptop", "pikvm_v4", "tinypilot", "remote_software", "virtual_camera", "capture_cards",
                             "garbage", "unreadable_drm"}) {
        CAPTURE(name);
        const std::vector<std::string> args{"scan", "--json", "--root", host_fixture(name)};
        const auto kiosk = test::kiosk(args);
        const auto agent_run = agent(args);
        CHECK(agent_run.code == kiosk.code);
        CHECK(agent_run.out == kiosk.out);
        CHECK(agent_run.err == kiosk.err);
        CHECK(nlohmann::json::parse(agent_run.out, nullptr, false).contains("findings"));
    }
    // A KVM fixture exits 1 in both, a clean laptop 0: the comparison covers both outcomes.
    CHECK(agent({"scan", "--json", "--root", host_fixture("pikvm_v4")}).code == 1);
    CHECK(agent({"scan", "--json", "--root", host_fixture("laptop")}).code == 0);
    // Options and bad input alike; only the program's name differs in what is printed for people.
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"scan", "--root", host_fixture("pikvm_v4"), "--fail-on", "critical"},
             {"scan", "--root", "/nonexistent/tree"},
             {"scan", "--fail-on", "severe"},
             {"scan", "--root"}}) {
        CAPTURE(args.back());
        const auto kiosk = test::kiosk(args);
        const auto agent_run = agent(args);
        CHECK(agent_run.code == kiosk.code);
        CHECK(agent_run.out == std::regex_replace(kiosk.out, std::regex("^kiosk "), "kiosk-agent "));
        CHECK(agent_run.err == std::regex_replace(kiosk.err, std::regex("^kiosk "), "kiosk-agent "));
    }
}

TEST_CASE("kiosk-agent's version, help and usage come from the kiosk's one source") {
    const auto version = agent({"--version"});
    CHECK(version.code == 0);
    CHECK(version.out == "kiosk-agent" + test::kiosk({"--version"}).out.substr(std::string("kiosk").size()));
    const auto help = agent({"help"});
    CHECK(help.code == 0);
    CHECK(help.out.starts_with("usage: kiosk-agent COMMAND [OPTIONS]\n"));
    CHECK(help.out.find("  run  ") != std::string::npos);
    CHECK(agent({"scan", "--help"}).out.starts_with("usage: kiosk-agent scan [--root DIR] [--json]"));
    // No command is a usage error, not a guess.
    const auto bare = agent({});
    CHECK(bare.code == 2);
    CHECK(bare.err.starts_with("usage: kiosk-agent"));
    CHECK(agent({"ui"}).code == 2);
}

TEST_CASE("kiosk-agent run records a changed scan, nothing for an unchanged one, and seals on SIGTERM") {
    test::TempDir dir;
    const auto config = dir / "agent.toml";
    test::write_file(config, "[kiosk]\nid = \"agent-test\"\n[agent]\nscan_interval_seconds = 1\n");
    const auto ledger_dir = dir / "ledger";

    // Three scans of one KVM laptop: one record, then nothing while nothing changes.
    auto first = run_until(host_fixture("pikvm_v4"), ledger_dir, config, 3);
    CHECK(first.code == 0);
    auto records = scan_records(ledger_dir);
    REQUIRE(records.size() == 1);
    CHECK(records[0].body["verdict"] == "compromised");
    CHECK_FALSE(records[0].body["findings"].empty());
    CHECK(records[0].kiosk == "agent-test");
    std::vector<nlohmann::json> scans;
    std::ranges::copy_if(first.lines, std::back_inserter(scans), [](const auto& line) { return line["event"] == "scan"; });
    REQUIRE(scans.size() >= 3);
    CHECK(scans[0]["recorded"].is_array());
    CHECK(scans[1]["recorded"].is_null());
    CHECK(scans[2]["recorded"].is_null());
    REQUIRE_FALSE(first.lines.empty());
    CHECK(first.lines.back()["event"] == "sealed");
    const auto verify = test::kiosk({"ledger", "verify", "--data-dir", ledger_dir.string(), "--json"});
    CHECK_MESSAGE(verify.code == 0, verify.out << verify.err);

    // Restarted on the same machine: the last record is the baseline, so still one record.
    auto again = run_until(host_fixture("pikvm_v4"), ledger_dir, config, 2);
    CHECK(again.code == 0);
    CHECK(scan_records(ledger_dir).size() == 1);

    // The KVM is gone: that change is recorded, clean.
    auto cleaned = run_until(host_fixture("laptop"), ledger_dir, config, 2);
    CHECK(cleaned.code == 0);
    records = scan_records(ledger_dir);
    REQUIRE(records.size() == 2);
    CHECK(records[1].body["verdict"] == "clean");
    CHECK(test::kiosk({"ledger", "verify", "--data-dir", ledger_dir.string()}).code == 0);
}

TEST_CASE("kiosk-agent run: a bad config, root or option is one line and exit 2 before anything is written") {
    test::TempDir dir;
    const auto ledger_dir = dir / "ledger";
    for (const auto& [text, says] : std::vector<std::pair<std::string, std::string>>{
             {"[agent]\nscan_interval_seconds = 0\n", "agent.scan_interval_seconds: must be from 1 to 604800, not 0"},
             {"[agent]\nscan_interval_seconds = \"hourly\"\n", "agent.scan_interval_seconds"},
             {"[agent]\nscan_every = 5\n", "agent.scan_every"}}) {
        CAPTURE(text);
        test::write_file(dir / "bad.toml", text);
        const auto run = agent({"run", "--config", (dir / "bad.toml").string(), "--data-dir", ledger_dir.string()});
        CHECK(run.code == 2);
        CHECK(run.err.starts_with("kiosk-agent run: "));
        CHECK(run.err.find(says) != std::string::npos);
        CHECK(std::ranges::count(run.err, '\n') == 1);
        CHECK(run.out.empty());
    }
    const auto no_root = agent({"run", "--root", (dir / "missing").string(), "--data-dir", ledger_dir.string()});
    CHECK(no_root.code == 2);
    CHECK(std::ranges::count(no_root.err, '\n') == 1);
    CHECK(agent({"run", "--interval", "5"}).code == 2);
    CHECK_FALSE(std::filesystem::exists(ledger_dir));
}
