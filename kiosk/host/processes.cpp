// Running processes (DIR/proc/<pid>/{comm,exe,cmdline}): remote-control tools are judged by the rules
// in remote_access.toml. A renamed binary evades this; that is why the hardware readers exist.
#include <algorithm>
#include <random>

#include "core/printable.h"
#include "host/facts.h"
#include "host/reading.h"
#include "host/sysfs.h"

namespace kiosk::host {
namespace {
constexpr std::size_t max_processes = 65536;
constexpr std::size_t max_cmdline = 4096;

constexpr FactSpec process_facts[] = {
    {"process.pid", FactType::integer, "process id"},
    {"process.comm", FactType::text, "`comm`, at most 15 characters"},
    {"process.exe", FactType::text, "the `exe` link's target, without ` (deleted)`"},
    {"process.exe_name", FactType::text, "its last component"},
    {"process.cmdline", FactType::text, "arguments joined by spaces, at most 4 KiB"},
};

// The process directories to read: all of them, or past the cap a random sample, so that no pid
// (a high one, last in sort order) is a place to hide.
std::vector<std::string> choose(std::vector<std::string> pids) {
    if (pids.size() <= max_processes) return pids;
    std::mt19937_64 random{std::random_device{}()};
    std::ranges::shuffle(pids, random);
    pids.resize(max_processes);
    std::ranges::sort(pids);
    return pids;
}

}  // namespace

const SubjectSpec& process_subject_spec() {
    static constexpr SubjectSpec spec{"process", "`proc/<pid>/{comm,exe,cmdline}`", process_facts};
    return spec;
}

ReadResult read_processes(Reading& reading) {
    const auto proc = reading.root / "proc";
    auto entries = sysfs::list_dir(proc);
    if (!entries) return std::unexpected(entries.error());
    std::vector<std::string> pids;
    for (auto& entry : *entries)
        if (!entry.empty() && std::ranges::all_of(entry, [](char c) { return c >= '0' && c <= '9'; }))
            pids.push_back(std::move(entry));
    const auto found = pids.size();
    const auto chosen = choose(std::move(pids));
    if (chosen.size() < found)
        report_truncated(reading, "processes", found - chosen.size(),
                         std::to_string(found) + " processes found, a random " + std::to_string(chosen.size()) +
                             " read");

    auto inventory = nlohmann::json::array();
    for (const auto& entry : chosen) {
        const auto dir = proc / entry;
        auto comm = sysfs::read_text(dir / "comm", 256);
        if (!comm) continue;  // gone, or not a process
        auto pid = sysfs::parse_number(entry, 10).value_or(0);
        Subject process{"process", "pid " + entry + " (" + *comm + ")", {}};
        auto& f = process.facts;
        f["process.pid"] = pid;
        f["process.comm"] = *comm;
        nlohmann::json item{{"pid", pid}, {"comm", *comm}};
        if (auto exe = sysfs::link_target(dir / "exe")) {
            auto path = printable(*exe);
            if (path.ends_with(" (deleted)")) path.resize(path.size() - 10);
            f["process.exe"] = path;
            f["process.exe_name"] = std::filesystem::path(path).filename().string();
            item["exe"] = path;
        }
        if (auto cmdline = sysfs::read_bytes(dir / "cmdline", max_cmdline)) {
            std::ranges::replace(*cmdline, '\0', ' ');
            while (!cmdline->empty() && cmdline->back() == ' ') cmdline->pop_back();
            if (!cmdline->empty()) f["process.cmdline"] = printable(*cmdline);
        }
        reading.subjects.push_back(std::move(process));
        inventory.push_back(std::move(item));
    }
    reading.inventory["software"]["processes"] = std::move(inventory);
    return {};
}

}  // namespace kiosk::host
