// The attested ledger: an append-only SQLite (WAL) store of record lines with a hash chain, an
// RFC 6962 Merkle tree and signed checkpoints (at every session end and at least hourly).
//
//   auto ledger = kiosk::ledger::Ledger::open(kiosk::ledger::options_from(config, data_dir_override));
//   auto seq = ledger->append(record_type::check, session_id, body);   // written and committed now
//   ledger->checkpoint();                                             // sign the current tree
//
// Several processes may append to the same ledger (each append is one IMMEDIATE transaction).
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "ledger/checkpoint.h"
#include "ledger/digest.h"
#include "ledger/minisign.h"
#include "ledger/signer.h"

namespace kiosk::ledger {

struct LedgerOptions {
    std::filesystem::path data_dir;          // holds ledger.sqlite and keys/
    std::string kiosk_id;                    // written into every record
    std::chrono::seconds checkpoint_interval{3600};
    bool durable = true;                     // fsync every commit (synchronous=FULL); NORMAL otherwise
    std::string tpm_tcti = {};               // how to reach the TPM when the key is sealed to one
    std::int64_t max_bytes = 0;              // cap on the database size (0: none); a full ledger refuses appends
    std::function<std::chrono::system_clock::time_point()> clock = [] { return std::chrono::system_clock::now(); };
};

// data dir: --data-dir override, else kiosk.data_dir, else $XDG_DATA_HOME/kiosk or ~/.local/share/kiosk.
// kiosk id: kiosk.id, else "kiosk-" + the first 8 hex digits of /etc/machine-id.
Result<LedgerOptions> options_from(const Config& config, const std::optional<std::string>& data_dir_override);

struct StoredRecord {
    std::uint64_t seq = 0;
    std::string line;      // exact bytes; empty when purged
    bool purged = false;
    Digest line_hash{};    // SHA-256(line): what the next record's prev names
    Digest leaf{};         // SHA-256(0x00 || line): the Merkle leaf
    std::string type;
    std::string session;
    std::string ts;
};

enum class SessionStatus { complete, incomplete };

struct SessionSummary {
    std::string id;
    std::string workflow;
    std::string subject;
    std::string operator_name;
    std::string started;
    std::string ended;            // "" while incomplete
    SessionStatus status = SessionStatus::incomplete;
    std::string recommendation;   // pass | review | fail | "" (none yet)
    std::string decision;         // pass | review | fail | "" (no human decision yet)
    std::string decided_by;
    bool purged = false;          // content removed by retention
    bool kept_fields_signed = false;  // purged, and its retention.purge record signs the body fields kept
    std::uint64_t first_seq = 0, last_seq = 0, records = 0;
};

nlohmann::json to_json(const SessionSummary& summary);

struct SessionFilter {
    std::optional<std::string> workflow = {}, subject = {}, operator_name = {}, verdict = {};
    std::optional<std::string> since = {};  // normalised timestamp (normalise_date); sessions started at or after
};

// Whether a session passes the filter; its verdict is the decision, else the recommendation.
bool matches(const SessionFilter& filter, const SessionSummary& summary);

struct NewRecord {
    std::string type;
    std::string session;
    nlohmann::json body;
};

// What an append kept. Records first..last are committed either way; `unsealed` says why the
// checkpoint that was due after them could not be signed (ErrorKind::unsealed). They stay valid,
// the next checkpoint covers them, and appending them again would write them twice.
struct Appended {
    std::uint64_t first = 0;
    std::uint64_t last = 0;
    std::optional<Error> unsealed;
};

struct PurgeResult {
    std::vector<std::string> sessions;
    std::uint64_t records = 0;
    std::uint64_t purge_record = 0;  // seq of the retention.purge record
    std::optional<Error> unsealed;   // as in Appended: the purge is committed, its checkpoint is not
};

class Ledger {
public:
    // Opens (creating when new: database, kiosk key in keys/, genesis record) the ledger in data_dir.
    static Result<Ledger> open(const LedgerOptions& options);
    // Opens an existing ledger for reading and verifying only; never creates or writes anything.
    static Result<Ledger> open_existing(const LedgerOptions& options);

    Ledger(Ledger&&) noexcept;
    Ledger& operator=(Ledger&&) noexcept;
    ~Ledger();

    const std::string& kiosk_id() const;
    const std::filesystem::path& data_dir() const;
    // The key the ledger signs with (keys/kiosk.pub); verification pins it against log.genesis.
    Result<PublicKey> public_key() const;

    // Appends one record and commits it. Writes a checkpoint afterwards when the last one is older
    // than checkpoint_interval, and after every session.end. An error means nothing was written.
    Result<Appended> append(std::string_view type, std::string_view session, const nlohmann::json& body);
    // Group commit: appends the records in order in one transaction (one fsync when durable), all
    // or none. Checkpoints as append() does.
    Result<Appended> append_batch(std::span<const NewRecord> records);
    // Signs the current tree (when it grew since the last checkpoint) and logs a checkpoint.ref.
    Result<SignedCheckpoint> checkpoint();
    // Signs a checkpoint only when records are not yet covered by one and the last checkpoint is
    // older than checkpoint_interval (or there is none, or the newest record is a session.end whose
    // checkpoint failed); returns it, or nullopt when none was due.
    Result<std::optional<SignedCheckpoint>> checkpoint_if_due();
    // A .minisig over `data` with the kiosk key (exports sign their records with it).
    Result<std::string> sign(std::string_view data, std::string_view trusted_comment,
                             std::string_view untrusted_comment) const;
    // `text` as a C2SP signed note by the kiosk key under `name` (exports carry the checkpoint so).
    Result<std::string> sign_note(std::string_view text, std::string_view name) const;

    Result<std::uint64_t> size() const;
    Result<StoredRecord> record(std::uint64_t seq) const;
    Result<std::vector<StoredRecord>> records(std::uint64_t from, std::uint64_t to) const;  // [from, to)
    Result<std::vector<StoredRecord>> session_records(std::string_view session) const;
    Result<std::vector<StoredRecord>> records_of_type(std::string_view type) const;  // in seq order, by index
    Result<std::vector<Digest>> leaves(std::uint64_t size) const;

    // Sessions as their records say: the sessions table, checked in one pass over the sessions'
    // records (parsing the lines that hold summary fields). An edited row is an error naming the
    // session and field, never listed as true.
    Result<std::vector<SessionSummary>> sessions(const SessionFilter& filter = {}) const;
    Result<std::optional<SessionSummary>> session(std::string_view id) const;
    // The sessions table as stored, unchecked (verify holds it against the records it walks).
    Result<std::vector<SessionSummary>> stored_sessions() const;

    Result<std::vector<SignedCheckpoint>> checkpoints() const;
    Result<std::optional<SignedCheckpoint>> latest_checkpoint() const;

    // Retention: removes the content of every record of sessions started before `before` (a
    // normalised timestamp), keeping their hashes so the chain and tree still verify, then logs a
    // retention.purge record and a checkpoint.
    Result<PurgeResult> purge_before(std::string_view before, std::string_view reason);

    struct Impl;

private:
    explicit Ledger(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The kiosk's secret salt for device fingerprints (keys/fingerprint.salt, 0600, made on first use):
// the same on every session of this kiosk so correlate can match, unknown to anyone reading exports.
Result<std::string> kiosk_salt(const std::filesystem::path& data_dir);

}  // namespace kiosk::ledger
