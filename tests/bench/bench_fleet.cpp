// Fleet store throughput against a running PostgreSQL: records per second pushed (SIGNERS kiosk
// ledgers of RECORDS records each, pushed at once over their own connections) and verified (every
// bench signer's log, as `kiosk fleet verify` checks it), and the peak RSS of this process.
//   ./build/tests/bench/bench_fleet ADMIN_URL [records=10000] [signers=1]
// ADMIN_URL must be allowed to run `kiosk fleet init` and enroll; each run enrolls new bench-… roles.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "fleet/enroll.h"
#include "fleet/push.h"
#include "fleet/schema.h"
#include "fleet/store.h"
#include "ledger/ledger.h"
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

// A ledger of about `records` records: sessions of 20 as a kiosk writes them, a checkpoint at each end.
ledger::Ledger make_ledger(const std::filesystem::path& dir, const std::string& kiosk_id, std::uint64_t records) {
    ledger::LedgerOptions options{dir, kiosk_id};
    options.durable = false;
    auto opened = must(ledger::Ledger::open(options), "open ledger");
    for (std::uint64_t session = 0; must(opened.size(), "size") < records; ++session) {
        const auto id = "s-" + std::to_string(session);
        std::vector<ledger::NewRecord> batch{{"session.start", id, {{"workflow", "interview"}, {"subject", id}}}};
        for (int check = 0; check < 17; ++check)
            batch.push_back({"check.result", id, {{"id", "bench.check"}, {"value", check}, {"threshold", 9}}});
        batch.push_back({"session.recommendation", id, {{"verdict", "pass"}}});
        batch.push_back({"session.end", id, {{"outcome", "completed"}}});
        must(opened.append_batch(batch), "append");
    }
    return opened;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_fleet ADMIN_URL [records=10000] [signers=1]\n");
        return 2;
    }
    const std::string admin_url = argv[1];
    const std::uint64_t records = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10000;
    const int signer_count = argc > 3 ? std::atoi(argv[3]) : 1;
    auto admin = must(fleet::pg::Connection::open(admin_url), "connect");
    must(fleet::migrate(admin), "init");

    std::random_device seed;
    const auto run = std::to_string(seed() % 1000000);
    const auto root = std::filesystem::temp_directory_path() / ("bench-fleet-" + run);
    std::vector<ledger::Ledger> ledgers;
    std::vector<std::string> urls;
    std::uint64_t total = 0;
    for (int i = 0; i < signer_count; ++i) {
        const auto name = "bench-" + run + "-" + std::to_string(i);
        ledgers.push_back(make_ledger(root / name, name, records));
        total += must(ledgers.back().size(), "size");
        urls.push_back(must(fleet::enroll(admin, admin_url, name, must(ledgers.back().public_key(), "key")), "enroll").url);
    }

    const auto push_start = Clock::now();
    std::vector<std::thread> pushers;
    for (int i = 0; i < signer_count; ++i)
        pushers.emplace_back([&, i] {
            auto connection = must(fleet::pg::Connection::open(urls[static_cast<std::size_t>(i)]), "connect signer");
            must(fleet::push(connection, ledgers[static_cast<std::size_t>(i)]), "push");
        });
    for (auto& pusher : pushers) pusher.join();
    const double push_seconds = seconds_since(push_start);
    std::printf("push: %llu records from %d signer(s) in %.2f s: %.0f records/s\n",
                static_cast<unsigned long long>(total), signer_count, push_seconds,
                static_cast<double>(total) / push_seconds);

    const auto verify_start = Clock::now();
    std::uint64_t verified = 0;
    for (const auto& signer : must(fleet::signers(admin), "signers")) {
        if (!signer.role.starts_with("bench-" + run + "-")) continue;
        auto report = ledger::verify_log(fleet::FleetLog(admin, signer), signer.key);
        if (!report.ok) {
            std::fprintf(stderr, "bench_fleet: %s does not verify: %s\n", signer.role.c_str(), report.problem.c_str());
            return 4;
        }
        verified += report.records;
    }
    const double verify_seconds = seconds_since(verify_start);
    std::printf("verify: %llu records in %.2f s: %.0f records/s\n", static_cast<unsigned long long>(verified),
                verify_seconds, static_cast<double>(verified) / verify_seconds);
    std::printf("peak RSS: %.1f MiB\n", static_cast<double>(peak_rss_kib()) / 1024.0);
    std::filesystem::remove_all(root);
    return 0;
}
