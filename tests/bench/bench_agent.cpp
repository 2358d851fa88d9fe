// kiosk-agent's footprint as whole processes (issue 16's targets: start < 30 ms, idle RSS < 15 MB,
// < 1 % of a core while watching), with `kiosk scan` beside it for comparison:
//   - start: median wall time and peak RSS of `PROGRAM scan --json --root tests/fixtures/host/laptop`
//     and of `PROGRAM scan --json --root /` over RUNS runs (fork to exit, output to /dev/null);
//   - idle: `kiosk-agent run` on a quiet root (the laptop fixture, then this machine's /): its RSS
//     once settled and its CPU time over WATCH_SECONDS of watching, as a share of one core.
//   bench_agent [RUNS] [WATCH_SECONDS]      (defaults 21 and 20)
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const std::string laptop = std::string(KIOSK_SOURCE_DIR) + "/tests/fixtures/host/laptop";

pid_t spawn(std::vector<std::string> args, const std::string& out) {
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
        std::cerr << "bench_agent: cannot run " << args[0] << "\n";
        std::exit(3);
    }
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

double median(std::vector<double> values) {
    std::ranges::sort(values);
    return values[values.size() / 2];
}

// Median wall ms and the largest peak RSS (MB) of RUNS whole runs of `args`.
void start_time(const std::string& name, const std::vector<std::string>& args, int runs) {
    std::vector<double> ms;
    long peak_kb = 0;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        const pid_t pid = spawn(args, "/dev/null");
        int status = 0;
        rusage usage{};
        ::wait4(pid, &status, 0, &usage);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        peak_kb = std::max(peak_kb, usage.ru_maxrss);
        if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
            std::cerr << "bench_agent: " << name << " exited " << status << "\n";
            std::exit(3);
        }
    }
    std::printf("%-34s start %7.1f ms median of %d (min %.1f, max %.1f), peak RSS %5.1f MB\n", name.c_str(), median(ms),
                runs, *std::ranges::min_element(ms), *std::ranges::max_element(ms), static_cast<double>(peak_kb) / 1024.0);
}

// utime + stime of `pid` in clock ticks, and its resident set in kB.
std::pair<long, long> cpu_and_rss(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string field;
    long utime = 0, stime = 0;
    for (int i = 3; fields >> field; ++i) {
        if (i == 14) utime = std::stol(field);
        if (i == 15) {
            stime = std::stol(field);
            break;
        }
    }
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    long rss_kb = 0;
    for (std::string line; std::getline(status, line);)
        if (line.starts_with("VmRSS:")) rss_kb = std::stol(line.substr(6));
    return {utime + stime, rss_kb};
}

void idle(const std::string& agent, const std::string& root, const fs::path& dir, int seconds) {
    const auto data = dir / ("ledger-" + std::to_string(std::hash<std::string>{}(root)));
    const auto config = dir / "agent.toml";
    std::ofstream(config) << "[kiosk]\nid = \"bench-agent\"\n";
    const auto out = (dir / "run.jsonl").string();
    const pid_t pid = spawn({agent, "run", "--root", root, "--data-dir", data.string(), "--config", config.string()}, out);
    std::this_thread::sleep_for(std::chrono::seconds(2));  // the start scan and the ledger's first write
    const auto [cpu_start, rss_start] = cpu_and_rss(pid);
    const auto start = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    const auto [cpu_end, rss_end] = cpu_and_rss(pid);
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const double core = 100.0 * static_cast<double>(cpu_end - cpu_start) / static_cast<double>(::sysconf(_SC_CLK_TCK)) / wall;
    std::printf("kiosk-agent run --root %-12s idle RSS %5.1f MB (after 2 s %5.1f), CPU %.2f %% of a core over %.0f s, "
                "exit %d\n",
                root == "/" ? "/" : "laptop", static_cast<double>(rss_end) / 1024.0, static_cast<double>(rss_start) / 1024.0, core, wall,
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

}  // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 21;
    const int seconds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 20;
    start_time("kiosk-agent scan --json (laptop)", {KIOSK_AGENT_BINARY, "scan", "--json", "--root", laptop}, runs);
    start_time("kiosk scan --json (laptop)", {KIOSK_BINARY, "scan", "--json", "--root", laptop}, runs);
    start_time("kiosk-agent scan --json (/)", {KIOSK_AGENT_BINARY, "scan", "--json", "--root", "/"}, runs);
    start_time("kiosk scan --json (/)", {KIOSK_BINARY, "scan", "--json", "--root", "/"}, runs);
    start_time("kiosk-agent --version", {KIOSK_AGENT_BINARY, "--version"}, runs);
    start_time("kiosk --version", {KIOSK_BINARY, "--version"}, runs);

    const auto dir = fs::temp_directory_path() / ("bench-agent-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    idle(KIOSK_AGENT_BINARY, laptop, dir, seconds);
    idle(KIOSK_AGENT_BINARY, "/", dir, seconds);
    fs::remove_all(dir);
    return 0;
}
