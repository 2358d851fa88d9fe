// What kiosk-agent keeps in its own ledger: a scan when its findings differ from the last scan
// recorded (so a quiet laptop adds nothing however often it scans, and a restart adds nothing
// either), and every finding its watch reports. Records are the kiosk's own format (ledger/record.h).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/result.h"
#include "host/inspector.h"
#include "ledger/ledger.h"

namespace kiosk::agent {

class Recorder {
public:
    // The last agent.scan in `ledger` is what the next scan is compared with.
    static Result<Recorder> open(ledger::Ledger ledger);

    // Appends an agent.scan record (verdict and findings) when the findings differ from the last
    // one recorded; nullopt when nothing changed.
    Result<std::optional<ledger::Appended>> scan(const host::ScanReport& report);

    // One agent.finding record per finding a watch line reports (kiosk watch --json's lines: an
    // input "finding", a "hotplug" with new_findings); nullopt for other lines.
    Result<std::optional<ledger::Appended>> watch_line(const nlohmann::json& line);

    // Signs a checkpoint over everything recorded (when nothing is new, the last one stands): its size.
    Result<std::uint64_t> seal();

    const ledger::Ledger& ledger() const { return ledger_; }  // what the fleet push reads

private:
    Recorder(ledger::Ledger ledger, nlohmann::json last_findings);
    ledger::Ledger ledger_;
    nlohmann::json last_findings_;  // of the last agent.scan recorded; null before the first
};

}  // namespace kiosk::agent
