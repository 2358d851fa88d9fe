// Fleet store load against a running PostgreSQL (issue #16 §3):
//  1. AGENTS simulated agents at once, each a thread with its own ledger, enrolled role and
//     connection, each recording RECORDS agent findings in pushes of BATCH (append, checkpoint,
//     `fleet push`): ingest records/s over the whole phase, p50/p99 latency of one push;
//  2. `fleet verify` of every agent's log (ledger::verify_log with the bound key, as the command
//     runs it): records/s, and the time 1 M records would take at that rate;
//  3. `fleet correlate` over SESSIONS synthetic sessions with salted fingerprints spread over 10
//     kiosks: the time to read them from the store (fleet_fingerprints) and to group them
//     (ledger::correlate), and the groups found (one planted every 50 sessions).
//   ./build/tests/bench/bench_fleet ADMIN_URL [agents=200] [records=500] [batch=50] [sessions=2000]
// ADMIN_URL must be allowed to run `kiosk fleet init` and enroll, and the server to accept AGENTS + 1
// connections; each run enrolls new bench-… roles. Correlate reads every session in the store: give
// it a fresh one for figures about SESSIONS alone.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "fleet/enroll.h"
#include "fleet/push.h"
#include "fleet/review.h"
#include "fleet/schema.h"
#include "fleet/store.h"
#include "ledger/correlate.h"
#include "ledger/ledger.h"
#include "ledger/record.h"
#include "ledger/verify.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace kiosk;

template <typename T>
T must(Result<T> result, const char* what) {
    if (!result) {
        std::fprintf(stderr, "bench_fleet: %s: %s\n", what, result.error().message.c_str());
        std::exit(3);
    }
    return std::move(*result);
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

std::uint64_t count_arg(int argc, char** argv, int index, std::uint64_t fallback) {
    return argc > index ? std::strtoull(argv[index], nullptr, 10) : fallback;
}

double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::ranges::sort(values);
    return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

ledger::Ledger scratch_ledger(const std::filesystem::path& dir, const std::string& kiosk_id) {
    ledger::LedgerOptions options{dir, kiosk_id};
    options.durable = false;
    return must(ledger::Ledger::open(options), "open ledger");
}

struct Enrolled {
    ledger::Ledger ledger;
    std::string url;
};

Enrolled enrolled(fleet::pg::Connection& admin, const std::string& admin_url, const std::filesystem::path& root,
                  const std::string& name) {
    auto ledger = scratch_ledger(root / name, name);
    auto url = must(fleet::enroll(admin, admin_url, name, must(ledger.public_key(), "key")), "enroll").url;
    return {std::move(ledger), std::move(url)};
}

// What kiosk-agent records for one hot-plugged KVM (agent/recorder.cpp).
nlohmann::json finding_body(std::uint64_t n) {
    return {{"source", "hotplug"},
            {"action", "add"},
            {"subsystem", "usb"},
            {"syspath", "/sys/devices/pci0000:00/usb1/1-" + std::to_string(n % 8)},
            {"finding", {{"rule", "kvm.usb_identity"}, {"category", "kvm"}, {"severity", "high"},
                         {"title", "USB device identifies as a KVM-over-IP gadget"}, {"subject", "usb 1-1"},
                         {"evidence", "1d6b:0104"}}}};
}

struct AgentRun {
    std::uint64_t pushed = 0;
    std::vector<double> latencies;  // seconds per push
};

// One agent: BATCH findings recorded and sealed, then pushed, until RECORDS.
AgentRun run_agent(Enrolled& agent, std::uint64_t records, std::uint64_t batch) {
    AgentRun run;
    auto connection = must(fleet::pg::Connection::open(agent.url), "connect agent");
    for (std::uint64_t done = 0; done < records;) {
        std::vector<ledger::NewRecord> findings;
        for (std::uint64_t i = 0; i < batch && done < records; ++i, ++done)
            findings.push_back({std::string(ledger::record_type::agent_finding), "", finding_body(done)});
        must(agent.ledger.append_batch(findings), "append");
        must(agent.ledger.checkpoint(), "checkpoint");
        const auto start = Clock::now();
        run.pushed += must(fleet::push(connection, agent.ledger), "push").pushed;
        run.latencies.push_back(seconds_since(start));
    }
    return run;
}

std::string random_hash(std::mt19937_64& random) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string hash;
    for (int word = 0; word < 4; ++word) {
        auto bits = random();
        for (int digit = 0; digit < 16; ++digit, bits >>= 4) hash += hex[bits & 15];
    }
    return hash;
}

// SESSIONS handoff sessions spread over 10 kiosks, each a session.start and a session.fingerprint
// (a KVM, a display and three LAN neighbours, all distinct), except that every 50th session reuses
// the KVM of the session before it for another subject: sessions/50 groups to find.
std::size_t plant_sessions(fleet::pg::Connection& admin, const std::string& admin_url, const std::filesystem::path& root,
                           const std::string& run, std::uint64_t sessions) {
    constexpr int kiosks = 10;
    std::mt19937_64 random(std::random_device{}());  // no run shares a hash with another's
    std::string previous_kvm;
    std::size_t planted = 0;
    for (int k = 0; k < kiosks; ++k) {
        auto kiosk = enrolled(admin, admin_url, root, "bench-" + run + "-kiosk-" + std::to_string(k));
        std::vector<ledger::NewRecord> records;
        for (std::uint64_t s = static_cast<std::uint64_t>(k); s < sessions; s += kiosks) {
            const auto id = "s-" + std::to_string(s);
            auto kvm = random_hash(random);
            if (s % 50 == 49 && !previous_kvm.empty()) kvm = previous_kvm, ++planted;
            previous_kvm = kvm;
            records.push_back({std::string(ledger::record_type::session_start), id,
                               {{"workflow", "handoff"}, {"subject", "cand-" + std::to_string(s)}, {"operator", "it-1"}}});
            records.push_back({std::string(ledger::record_type::fingerprint), id,
                               {{"fingerprint",
                                 {{"version", 1}, {"scheme", "hmac-sha256"}, {"kvm_usb", {kvm}}, {"kvm_mac", nlohmann::json::array()},
                                  {"edid_serial", {random_hash(random)}},
                                  {"neighbour_mac", {random_hash(random), random_hash(random), random_hash(random)}}}}}});
        }
        must(kiosk.ledger.append_batch(records), "append sessions");
        must(kiosk.ledger.checkpoint(), "checkpoint sessions");
        auto connection = must(fleet::pg::Connection::open(kiosk.url), "connect kiosk");
        must(fleet::push(connection, kiosk.ledger), "push sessions");
    }
    return planted;
}

// Phases 1 and 2; non-zero (the exit code) when a log does not verify.
int bench_agents(fleet::pg::Connection& admin, std::vector<Enrolled>& agents, const std::string& run, std::uint64_t records,
                 std::uint64_t batch) {
    const auto agent_count = agents.size();
    std::vector<AgentRun> runs(agent_count);
    const auto push_start = Clock::now();
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < agents.size(); ++i)
        threads.emplace_back([&, i] { runs[i] = run_agent(agents[i], records, batch); });
    for (auto& thread : threads) thread.join();
    const double push_seconds = seconds_since(push_start);
    std::uint64_t pushed = 0;
    std::vector<double> latencies;
    for (const auto& agent : runs) {
        pushed += agent.pushed;
        latencies.insert(latencies.end(), agent.latencies.begin(), agent.latencies.end());
    }
    std::printf("ingest: %zu agents x %llu records in pushes of %llu: %llu records in %.2f s: %.0f records/s "
                "(local appends and checkpoints included)\n",
                agent_count, static_cast<unsigned long long>(records), static_cast<unsigned long long>(batch),
                static_cast<unsigned long long>(pushed), push_seconds, static_cast<double>(pushed) / push_seconds);
    std::printf("push latency: %zu pushes, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", latencies.size(),
                1000 * percentile(latencies, 0.50), 1000 * percentile(latencies, 0.99), 1000 * percentile(latencies, 1.0));

    const auto verify_start = Clock::now();
    std::uint64_t verified = 0;
    for (const auto& signer : must(fleet::signers(admin), "signers")) {
        if (!signer.role.starts_with("bench-" + run + "-agent-")) continue;
        auto report = ledger::verify_log(fleet::FleetLog(admin, signer), signer.key);
        if (!report.ok) {
            std::fprintf(stderr, "bench_fleet: %s does not verify: %s\n", signer.role.c_str(), report.problem.c_str());
            return 4;
        }
        verified += report.records;
    }
    const double verify_seconds = seconds_since(verify_start);
    const double verify_rate = static_cast<double>(verified) / verify_seconds;
    std::printf("verify: %llu records of %zu logs in %.2f s: %.0f records/s; 1 M records: %.1f s (extrapolated)\n",
                static_cast<unsigned long long>(verified), agent_count, verify_seconds,
                verify_rate, 1e6 / verify_rate);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_fleet ADMIN_URL [agents=200] [records=500] [batch=50] [sessions=2000]\n");
        return 2;
    }
    const std::string admin_url = argv[1];
    const auto agent_count = count_arg(argc, argv, 2, 200);
    const auto records = count_arg(argc, argv, 3, 500);
    const auto batch = std::max<std::uint64_t>(1, count_arg(argc, argv, 4, 50));
    const auto sessions = count_arg(argc, argv, 5, 2000);
    auto admin = must(fleet::pg::Connection::open(admin_url), "connect");
    must(fleet::migrate(admin), "init");

    std::random_device seed;
    const auto run = std::to_string(seed() % 1000000);
    const auto root = std::filesystem::temp_directory_path() / ("bench-fleet-" + run);
    std::vector<Enrolled> agents;
    for (std::uint64_t i = 0; i < agent_count; ++i)
        agents.push_back(enrolled(admin, admin_url, root, "bench-" + run + "-agent-" + std::to_string(i)));

    if (!agents.empty())
        if (auto failed = bench_agents(admin, agents, run, records, batch); failed != 0) return failed;
    if (sessions > 0) {
        const auto planted = plant_sessions(admin, admin_url, root, run, sessions);
        const auto read_start = Clock::now();
        auto fingerprints = must(fleet::fleet_fingerprints(admin), "read fingerprints");
        const double read_seconds = seconds_since(read_start);
        const auto group_start = Clock::now();
        const auto groups = ledger::correlate(fingerprints);
        const double group_seconds = seconds_since(group_start);
        std::printf("correlate: %zu sessions over 10 kiosks: read %.2f s, grouped %.2f s, total %.2f s; %zu groups (%zu planted)\n",
                    fingerprints.size(), read_seconds, group_seconds, read_seconds + group_seconds, groups.size(), planted);
    }
    std::printf("peak RSS: %.1f MiB\n", static_cast<double>(peak_rss_kib()) / 1024.0);
    std::filesystem::remove_all(root);
    return 0;
}
