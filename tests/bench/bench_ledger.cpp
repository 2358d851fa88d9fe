// Ledger throughput: appends per second with a signed checkpoint at every session end (durable with
// group commit per session step, the default; durable per record; not durable), and the time
// `kiosk ledger verify` takes for a ledger of 100,000 records.
//   ./build/tests/bench/bench_ledger [records=100000]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <utility>
#include <vector>
#include <sys/resource.h>

#include "ledger/ledger.h"
#include "ledger/verify.h"

namespace {

using Clock = std::chrono::steady_clock;

// CPU seconds of this process: on a shared machine the wall clock also counts other people's work.
double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}
using kiosk::ledger::Ledger;

std::filesystem::path fresh_dir(const char* name) {
    std::random_device seed;
    auto dir = std::filesystem::temp_directory_path() / (std::string("bench-ledger-") + name + std::to_string(seed()));
    std::filesystem::create_directories(dir);
    return dir;
}

// How records reach the ledger: one transaction per record, or one per session step (append_batch).
enum class Commit { per_record, per_step };

// Sessions of 20 records as a session writes them: start, consent, four steps of a step record and
// three checks, the recommendation, the end (whose checkpoint is signed). Per step, that is 8
// commits plus the checkpoint's for 20 records.
double append_rate(const std::filesystem::path& dir, std::uint64_t records, bool durable, Commit commit,
                   const char* label) {
    kiosk::ledger::LedgerOptions options{dir, "kiosk-bench"};
    options.durable = durable;
    auto ledger = Ledger::open(options);
    if (!ledger) {
        std::fprintf(stderr, "bench_ledger: %s\n", ledger.error().message.c_str());
        std::exit(3);
    }
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds();
    std::uint64_t written = 0;
    auto write = [&](std::vector<kiosk::ledger::NewRecord> batch) {
        auto must = [&](auto result) {
            if (!result) {
                std::fprintf(stderr, "bench_ledger: %s\n", result.error().message.c_str());
                std::exit(3);
            }
        };
        if (commit == Commit::per_step) must(ledger->append_batch(batch));
        else
            for (const auto& record : batch) must(ledger->append(record.type, record.session, record.body));
        written += batch.size();
    };
    for (std::uint64_t session = 0; written < records; ++session) {
        const std::string id = "s-" + std::to_string(session);
        write({{"session.start", id, {{"workflow", "interview"}, {"subject", "cand"}, {"operator", "op"}}}});
        write({{"session.consent", id, {{"notice_sha256", std::string(64, 'a')}, {"given_by", "cand"}}}});
        for (int step = 0; step < 4; ++step) {
            std::vector<kiosk::ledger::NewRecord> batch = {{"session.step", id, {{"step", step}, {"status", "ran"}}}};
            for (int check = 0; check < 3; ++check)
                batch.push_back({"check.result", id, {{"id", "vision.signal"}, {"version", "sha256:0123456789abcdef"},
                                                      {"value", 0.123 * check}, {"threshold", 0.8}, {"unit", "0..1"}}});
            write(std::move(batch));
        }
        write({{"session.recommendation", id, {{"verdict", "pass"}}}});
        write({{"session.end", id, {{"outcome", "completed"}}}});
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double cpu = cpu_seconds() - cpu_start;
    auto size = ledger->size();
    auto checkpoints = ledger->checkpoints();
    std::printf("appends (%s): %llu records (+%zu checkpoint refs, %zu signed checkpoints) in %.2f s wall = %.0f records/s; "
                "%.2f s CPU = %.0f records/s per core\n",
                label, static_cast<unsigned long long>(written), static_cast<std::size_t>(*size - written),
                checkpoints->size(), seconds, static_cast<double>(written) / seconds, cpu,
                static_cast<double>(written) / cpu);
    return static_cast<double>(written) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    const std::uint64_t records = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
    const auto durable_records = std::min<std::uint64_t>(records, 10000);
    for (auto [commit, label] : {std::pair{Commit::per_step, "DEFAULT: durable, fsync per session step (append_batch)"},
                                 std::pair{Commit::per_record, "durable, fsync per record (append)"}}) {
        auto durable_dir = fresh_dir("durable");
        append_rate(durable_dir, durable_records, true, commit, label);
        std::filesystem::remove_all(durable_dir);
    }

    auto dir = fresh_dir("fast");
    append_rate(dir, records, false, Commit::per_record, "ledger.durable = false: synchronous=NORMAL, per record");
    auto ledger = Ledger::open_existing({dir, "kiosk-bench"});
    const auto start = Clock::now();
    const double cpu_start = cpu_seconds();
    auto report = kiosk::ledger::verify_ledger(*ledger);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("verify: %llu records, %llu checkpoints in %.3f s wall, %.3f s CPU (%s)\n",
                static_cast<unsigned long long>(report.records), static_cast<unsigned long long>(report.checkpoints),
                seconds, cpu_seconds() - cpu_start, report.ok ? "ok" : report.problem.c_str());
    std::printf("database: %.1f MiB\n", static_cast<double>(std::filesystem::file_size(dir / "ledger.sqlite")) / (1 << 20));
    std::filesystem::remove_all(dir);
    return report.ok ? 0 : 1;
}
