#include "fleet/store.h"

#include "ledger/checkpoint.h"

namespace kiosk::fleet {
namespace {

constexpr std::string_view signer_columns = "SELECT id, role_name, public_key, coalesce(kiosk_id, '') FROM kiosk_fleet.signers ";

Result<std::vector<Signer>> read_signers(pg::Connection& connection, std::string_view where) {
    auto rows = connection.query(std::string(signer_columns) + std::string(where) + " ORDER BY id");
    if (!rows) return std::unexpected(rows.error());
    std::vector<Signer> found;
    for (int row = 0; row < rows->size(); ++row) {
        auto key = ledger::parse_public_key(rows->text(row, 2));
        if (!key)
            return fail(ErrorKind::tampered, "signer " + rows->text(row, 1) + ": its bound key is damaged: " + key.error().message);
        found.push_back(Signer{rows->integer(row, 0), rows->text(row, 1), *key, rows->text(row, 3)});
    }
    return found;
}

ledger::Digest digest_of(const std::string& bytes) {
    ledger::Digest digest{};
    if (bytes.size() == digest.size()) std::copy(bytes.begin(), bytes.end(), digest.begin());
    return digest;
}

// A row of (size, text, minisig).
Result<ledger::SignedCheckpoint> signed_checkpoint(const pg::Rows& rows, int row) {
    auto text = rows.text(row, 1);
    auto checkpoint = ledger::parse_checkpoint(text);
    if (!checkpoint)
        return fail(ErrorKind::tampered,
                    "checkpoint " + rows.text(row, 0) + " in the fleet store is damaged: " + checkpoint.error().message);
    return ledger::SignedCheckpoint{*checkpoint, text, rows.text(row, 2)};
}

}  // namespace

Result<std::vector<Signer>> signers(pg::Connection& connection) { return read_signers(connection, ""); }

Result<std::optional<Signer>> own_signer(pg::Connection& connection) {
    auto found = read_signers(connection, "WHERE role_name = session_user");
    if (!found) return std::unexpected(found.error());
    if (found->empty()) return std::optional<Signer>{};
    return std::optional<Signer>{found->front()};
}

Result<Holding> holding(pg::Connection& connection, const Signer& signer) {
    auto rows = connection.query(
        "SELECT c.size, c.text, c.minisig, (SELECT coalesce(max(seq) + 1, 0) FROM kiosk_fleet.records WHERE signer_id = $1) "
        "FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT size, text, minisig FROM kiosk_fleet.checkpoints "
        "WHERE signer_id = $1 ORDER BY size DESC LIMIT 1) c ON true",
        {std::to_string(signer.id)});
    if (!rows) return std::unexpected(rows.error());
    Holding held;
    held.records = static_cast<std::uint64_t>(rows->integer(0, 3));
    if (!rows->is_null(0, 0)) {
        auto newest = signed_checkpoint(*rows, 0);
        if (!newest) return std::unexpected(newest.error());
        held.newest_checkpoint = std::move(*newest);
    }
    return held;
}

Result<std::uint64_t> FleetLog::size() const {
    auto rows = connection_.query("SELECT count(*) FROM kiosk_fleet.records WHERE signer_id = $1",
                                  {std::to_string(signer_.id)});
    if (!rows) return std::unexpected(rows.error());
    return static_cast<std::uint64_t>(rows->integer(0, 0));
}

Result<std::vector<ledger::StoredRecord>> FleetLog::records(std::uint64_t from, std::uint64_t to) const {
    auto rows = connection_.query(
        "SELECT seq, line, line_hash, leaf, type, coalesce(session, ''), ts FROM kiosk_fleet.records "
        "WHERE signer_id = $1 AND seq >= $2 AND seq < $3 ORDER BY seq",
        {std::to_string(signer_.id), std::to_string(from), std::to_string(to)});
    if (!rows) return std::unexpected(rows.error());
    std::vector<ledger::StoredRecord> found;
    found.reserve(static_cast<std::size_t>(rows->size()));
    for (int row = 0; row < rows->size(); ++row) {
        ledger::StoredRecord record;
        record.seq = static_cast<std::uint64_t>(rows->integer(row, 0));
        record.purged = rows->is_null(row, 1);
        if (!record.purged) record.line = rows->bytes(row, 1);
        record.line_hash = digest_of(rows->bytes(row, 2));
        record.leaf = digest_of(rows->bytes(row, 3));
        record.type = rows->text(row, 4);
        record.session = rows->text(row, 5);
        record.ts = rows->text(row, 6);
        found.push_back(std::move(record));
    }
    return found;
}

Result<std::vector<ledger::Digest>> FleetLog::leaves(std::uint64_t size) const {
    auto rows = connection_.query("SELECT leaf FROM kiosk_fleet.records WHERE signer_id = $1 AND seq < $2 ORDER BY seq",
                                  {std::to_string(signer_.id), std::to_string(size)});
    if (!rows) return std::unexpected(rows.error());
    std::vector<ledger::Digest> leaves;
    leaves.reserve(static_cast<std::size_t>(rows->size()));
    for (int row = 0; row < rows->size(); ++row) leaves.push_back(digest_of(rows->bytes(row, 0)));
    return leaves;
}

Result<std::vector<ledger::SignedCheckpoint>> FleetLog::checkpoints() const {
    auto rows = connection_.query("SELECT size, text, minisig FROM kiosk_fleet.checkpoints WHERE signer_id = $1 ORDER BY size",
                                  {std::to_string(signer_.id)});
    if (!rows) return std::unexpected(rows.error());
    std::vector<ledger::SignedCheckpoint> found;
    for (int row = 0; row < rows->size(); ++row) {
        auto checkpoint = signed_checkpoint(*rows, row);
        if (!checkpoint) return std::unexpected(checkpoint.error());
        found.push_back(std::move(*checkpoint));
    }
    return found;
}

}  // namespace kiosk::fleet
