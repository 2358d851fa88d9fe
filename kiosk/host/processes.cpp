// Running processes (DIR/proc/<pid>/{comm,exe,cmdline}): remote-control tools are judged by the rules
// in remote_access.toml. A renamed binary evades this; that is why the hardware readers exist.
#include <algorithm>

#include "core/printable.h"
#include "host/reading.h"
#include "host/sysfs.h"

namespace kiosk::host {
namespace {
constexpr std::size_t max_processes = 65536;
constexpr std::size_t max_cmdline = 4096;
}  // namespace

void read_processes(Reading& reading) {
    const auto proc = reading.root / "proc";
    auto inventory = nlohmann::json::array();
    std::size_t count = 0;
    for (const auto& entry : sysfs::list_names(proc)) {
        if (entry.empty() || !std::ranges::all_of(entry, [](char c) { return c >= '0' && c <= '9'; })) continue;
        if (++count > max_processes) break;
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
}

}  // namespace kiosk::host
