#include "fleet/push.h"

#include "fleet/store.h"
#include "fleet/url.h"
#include "ledger/digest.h"

namespace kiosk::fleet {
namespace {

std::string bytes_of(const ledger::Digest& digest) { return std::string(ledger::as_bytes(digest)); }

}  // namespace

nlohmann::json to_json(const PushResult& result) {
    return {{"pushed", result.pushed},
            {"already_present", result.already_present},
            {"checkpoints_pushed", result.checkpoints_pushed},
            {"high_water", result.high_water ? nlohmann::json(*result.high_water) : nlohmann::json(nullptr)}};
}

Result<std::optional<PushResult>> push_to_configured(const Config& config, const ledger::Ledger& ledger) {
    const auto url = configured_url(config, std::nullopt);
    if (!url) return std::nullopt;
    auto connection = pg::Connection::open(*url);
    if (!connection) return std::unexpected(connection.error());
    auto pushed = push(*connection, ledger);
    if (!pushed) return std::unexpected(pushed.error());
    return *pushed;
}

Result<PushResult> ingest(pg::Connection& connection, std::span<const ledger::StoredRecord> records,
                          std::span<const ledger::SignedCheckpoint> checkpoints) {
    std::vector<std::optional<std::string>> seqs, lines, hashes, leaves, types, sessions, times, texts, minisigs;
    for (const auto& record : records) {
        seqs.emplace_back(std::to_string(record.seq));
        lines.push_back(record.purged ? std::nullopt : std::optional<std::string>(record.line));
        hashes.emplace_back(bytes_of(record.line_hash));
        leaves.emplace_back(bytes_of(record.leaf));
        types.emplace_back(record.type);
        sessions.push_back(record.session.empty() ? std::nullopt : std::optional<std::string>(record.session));
        times.emplace_back(record.ts);
    }
    for (const auto& checkpoint : checkpoints) {
        texts.emplace_back(checkpoint.text);
        minisigs.emplace_back(checkpoint.minisig);
    }
    auto rows = connection.query(
        "SELECT pushed, already_present, checkpoints_pushed, high_water FROM kiosk_fleet.ingest("
        "$1::bigint[], $2::bytea[], $3::bytea[], $4::bytea[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])",
        {pg::text_array(seqs), pg::bytea_array(lines), pg::bytea_array(hashes), pg::bytea_array(leaves),
         pg::text_array(types), pg::text_array(sessions), pg::text_array(times), pg::text_array(texts),
         pg::text_array(minisigs)});
    if (!rows) return std::unexpected(rows.error());
    PushResult result;
    result.pushed = static_cast<std::uint64_t>(rows->integer(0, 0));
    result.already_present = static_cast<std::uint64_t>(rows->integer(0, 1));
    result.checkpoints_pushed = static_cast<std::uint64_t>(rows->integer(0, 2));
    if (!rows->is_null(0, 3)) result.high_water = static_cast<std::uint64_t>(rows->integer(0, 3));
    return result;
}

Result<PushResult> push(pg::Connection& connection, const ledger::Ledger& ledger, std::size_t batch_records) {
    auto signer = own_signer(connection);
    if (!signer) return std::unexpected(signer.error());
    if (!*signer)
        return fail(ErrorKind::bad_input,
                    "this fleet URL logs in as a role that is not enrolled (push with the URL `kiosk fleet enroll` printed)");
    auto key = ledger.public_key();
    if (!key) return std::unexpected(key.error());
    if (!(*key == (*signer)->key))
        return fail(ErrorKind::tampered, "role " + (*signer)->role + " is bound to key " + (*signer)->key.key_id_hex() +
                                             ", but this ledger signs with key " + key->key_id_hex() +
                                             " (another kiosk's URL, or the ledger was replaced)");
    auto held = holding(connection, **signer);
    if (!held) return std::unexpected(held.error());
    auto size = ledger.size();
    if (!size) return std::unexpected(size.error());
    if (*size < held->records)
        return fail(ErrorKind::tampered, "the fleet holds " + std::to_string(held->records) + " records of this ledger, " +
                                             "but it has only " + std::to_string(*size) + " (rolled back?)");
    auto all_checkpoints = ledger.checkpoints();
    if (!all_checkpoints) return std::unexpected(all_checkpoints.error());
    const std::uint64_t fleet_checkpoint = held->newest_checkpoint ? held->newest_checkpoint->checkpoint.size : 0;
    std::vector<ledger::SignedCheckpoint> waiting;
    for (auto& checkpoint : *all_checkpoints) {
        // Only what the store lacks, and nothing signed after `size` was read (a kiosk appending meanwhile).
        if (checkpoint.checkpoint.size <= fleet_checkpoint || checkpoint.checkpoint.size > *size) continue;
        // The server can only check the key id a signature names; the signature itself is checked here.
        if (auto verified = ledger::verify_minisig(checkpoint.text, checkpoint.minisig, (*signer)->key); !verified)
            return fail(ErrorKind::tampered, "checkpoint " + std::to_string(checkpoint.checkpoint.size) +
                                                 " does not verify with the bound key: " + verified.error().message);
        waiting.push_back(std::move(checkpoint));
    }

    PushResult total;
    total.already_present = held->records;
    if (held->records > 0) total.high_water = held->records - 1;
    std::uint64_t from = held->records;
    std::size_t next_checkpoint = 0;
    while (from < *size || next_checkpoint < waiting.size()) {
        const std::uint64_t to = std::min<std::uint64_t>(*size, from + batch_records);
        auto records = ledger.records(from, to);
        if (!records) return std::unexpected(records.error());
        // A batch carries the checkpoints over the records the store holds once it is in, so a
        // checkpoint.ref record never sits in the store without the checkpoint it names.
        std::size_t end = next_checkpoint;
        while (end < waiting.size() && waiting[end].checkpoint.size <= to) ++end;
        auto batch = ingest(connection, *records,
                            std::span(waiting).subspan(next_checkpoint, end - next_checkpoint));
        if (!batch) return std::unexpected(batch.error());
        total.pushed += batch->pushed;
        total.already_present += batch->already_present;  // another push of the same ledger got there first
        total.checkpoints_pushed += batch->checkpoints_pushed;
        total.high_water = batch->high_water;
        from = to;
        next_checkpoint = end;
    }
    return total;
}

}  // namespace kiosk::fleet
