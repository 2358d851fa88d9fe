#include "ledger/ledger.h"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "core/file_text.h"
#include "ledger/merkle.h"
#include "ledger/record.h"
#include "ledger/session_summaries.h"
#include "ledger/sqlite.h"

namespace kiosk::ledger {
namespace {

// Records that are committed although the checkpoint after them failed: says exactly that.
Error unsealed(std::uint64_t first, std::uint64_t last, const Error& cause) {
    const bool one = first == last;
    const auto records = one ? "record " + std::to_string(first) + " is"
                             : "records " + std::to_string(first) + "-" + std::to_string(last) + " are";
    return Error{records + " written and kept, but the checkpoint that seals " + (one ? "it" : "them") +
                     " was not: " + cause.message +
                     "; `kiosk ledger checkpoint` signs it once that is fixed (do not write them again)",
                 ErrorKind::unsealed};
}

constexpr std::string_view schema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- One row per record. `line` is the exact record bytes (NULL once purged by retention);
-- line_hash and leaf are kept for ever so the chain and the Merkle tree still verify.
CREATE TABLE IF NOT EXISTS records(
  seq INTEGER PRIMARY KEY,
  line BLOB,
  line_hash BLOB NOT NULL,
  leaf BLOB NOT NULL,
  type TEXT NOT NULL,
  session TEXT,
  ts TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS records_by_session ON records(session);
-- Lookups by kind (the review screen's fingerprints); made on open, so older ledgers gain it too.
CREATE INDEX IF NOT EXISTS records_by_type ON records(type);
CREATE TABLE IF NOT EXISTS checkpoints(size INTEGER PRIMARY KEY, text TEXT NOT NULL, minisig TEXT NOT NULL);
-- A summary per session for listing; derived from the records, which verify and sessions() hold it against.
CREATE TABLE IF NOT EXISTS sessions(
  id TEXT PRIMARY KEY, workflow TEXT, subject TEXT, operator TEXT, started TEXT, ended TEXT,
  recommendation TEXT, decision TEXT, decided_by TEXT, purged INTEGER NOT NULL DEFAULT 0,
  first_seq INTEGER, last_seq INTEGER, records INTEGER NOT NULL DEFAULT 0);
)sql";

Digest digest_of(std::string_view bytes) {
    Digest digest{};
    if (bytes.size() == digest.size()) std::copy(bytes.begin(), bytes.end(), digest.begin());
    return digest;
}

bool valid_kiosk_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
    return true;
}

}  // namespace

nlohmann::json to_json(const SessionSummary& s) {
    return {{"id", s.id},
            {"workflow", s.workflow},
            {"subject", s.subject},
            {"operator", s.operator_name},
            {"started", s.started},
            {"ended", s.ended.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.ended)},
            {"status", s.status == SessionStatus::complete ? "complete" : "incomplete"},
            {"recommendation", s.recommendation.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.recommendation)},
            {"decision", s.decision.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.decision)},
            {"decided_by", s.decided_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.decided_by)},
            {"purged", s.purged},
            {"first_seq", s.first_seq},
            {"last_seq", s.last_seq},
            {"records", s.records}};
}

Result<std::string> kiosk_salt(const std::filesystem::path& data_dir) {
    const auto path = data_dir / "keys" / "fingerprint.salt";
    if (auto existing = read_file_text(path)) {
        if (existing->size() != 64) return fail(path.string() + " is damaged (expected 64 hex digits)");
        return *existing;
    }
    if (sodium_init() < 0) return fail("libsodium could not initialise");
    std::error_code error;
    std::filesystem::create_directories(data_dir / "keys", error);
    if (error) return fail(ErrorKind::io, "cannot create " + (data_dir / "keys").string() + ": " + error.message());
    std::string bytes(32, '\0');
    randombytes_buf(bytes.data(), bytes.size());
    auto salt = to_hex(bytes);
    if (auto written = write_private_file(path, salt, false); !written) {
        if (auto raced = read_file_text(path); raced && raced->size() == 64) return *raced;  // another process made it
        return std::unexpected(written.error());
    }
    return salt;
}

Result<LedgerOptions> options_from(const Config& config, const std::optional<std::string>& data_dir_override) {
    LedgerOptions options;
    if (data_dir_override) {
        options.data_dir = *data_dir_override;
    } else if (auto configured = config.string("kiosk.data_dir"); !configured.empty()) {
        options.data_dir = configured;
    } else if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
        options.data_dir = std::filesystem::path(xdg) / "kiosk";
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        options.data_dir = std::filesystem::path(home) / ".local" / "share" / "kiosk";
    } else {
        return fail("no data directory: set kiosk.data_dir, XDG_DATA_HOME or HOME");
    }
    options.kiosk_id = config.string("kiosk.id");
    if (options.kiosk_id.empty()) {
        auto machine_id = read_file_text("/etc/machine-id");
        if (!machine_id || machine_id->size() < 8)
            return std::unexpected(config.bad_value("kiosk.id", "is empty and /etc/machine-id cannot be read; set an id"));
        options.kiosk_id = "kiosk-" + machine_id->substr(0, 8);
    }
    if (!valid_kiosk_id(options.kiosk_id))
        return std::unexpected(config.bad_value("kiosk.id", "must be 1-64 letters, digits, '-', '_' or '.'"));
    options.checkpoint_interval = std::chrono::seconds(config.integer("ledger.checkpoint_interval_seconds"));
    options.durable = config.boolean("ledger.durable");
    options.tpm_tcti = config.string("ledger.tpm_tcti");
    options.max_bytes = config.integer("ledger.max_size_mb") * 1024 * 1024;
    return options;
}

struct Ledger::Impl {
    LedgerOptions options;
    sql::Database db;
    std::optional<Signer> key;     // absent when opened read-only
    CompactRange range;            // the tree as of range.size() records
    // Size and time of the newest checkpoint this process knows of; another process may have
    // signed a newer one, which write_checkpoint() notices inside its transaction.
    std::optional<std::pair<std::uint64_t, std::string>> last_checkpoint;
    bool last_checkpoint_known = false;
    // Prepared once per connection: an append runs the same few statements every time.
    std::map<std::string, sql::Statement, std::less<>> statements;

    Result<sql::Statement*> cached(std::string_view text) {
        auto found = statements.find(text);
        if (found == statements.end()) {
            auto prepared = db.prepare(text);
            if (!prepared) return std::unexpected(prepared.error());
            found = statements.emplace(std::string(text), std::move(*prepared)).first;
        }
        found->second.reset();
        return &found->second;
    }

    // Brings the in-memory tree up to the committed records (another process may have appended).
    Result<void> sync_range(std::uint64_t size) {
        if (range.size() == size) return {};
        if (range.size() > size) range = CompactRange{};
        auto query = db.prepare("SELECT leaf FROM records WHERE seq >= ? ORDER BY seq");
        if (!query) return std::unexpected(query.error());
        query->bind(1, static_cast<std::int64_t>(range.size()));
        for (;;) {
            auto row = query->step();
            if (!row) return std::unexpected(row.error());
            if (!*row) break;
            range.append(digest_of(query->blob(0)));
        }
        if (range.size() != size) return fail(ErrorKind::tampered, "ledger database has gaps in its record numbers (run kiosk ledger verify)");
        return {};
    }

    struct Tail {
        std::uint64_t size = 0;
        Digest last_hash{};
        std::string last_type;
    };

    Result<Tail> tail() {
        auto query = cached("SELECT seq, line_hash, type FROM records ORDER BY seq DESC LIMIT 1");
        if (!query) return std::unexpected(query.error());
        auto row = (*query)->step();
        if (!row) return std::unexpected(row.error());
        Tail tail;
        tail.last_hash = genesis_prev(options.kiosk_id);
        if (*row) {
            tail.size = static_cast<std::uint64_t>((*query)->integer(0)) + 1;
            tail.last_hash = digest_of((*query)->blob(1));
            tail.last_type = (*query)->text(2);
        }
        (*query)->reset();
        return tail;
    }

    struct Hashes {
        Digest line_hash{};
        Digest leaf{};
    };
    // Inside a transaction: writes one record after `tail`, updates the session summary.
    Result<Hashes> insert(const Tail& tail, std::string_view type, std::string_view session,
                          const nlohmann::json& body) {
        std::string nonce(16, '\0');
        randombytes_buf(nonce.data(), nonce.size());
        const std::string ts = utc_timestamp(options.clock());
        const std::string line =
            make_record_line(tail.size, tail.last_hash, ts, options.kiosk_id, type, session, nonce, body);
        const Digest line_hash = sha256(line), leaf = leaf_hash(line);
        auto cached_insert = cached("INSERT INTO records(seq, line, line_hash, leaf, type, session, ts) VALUES(?,?,?,?,?,?,?)");
        if (!cached_insert) return std::unexpected(cached_insert.error());
        auto* insert = *cached_insert;
        insert->bind(1, static_cast<std::int64_t>(tail.size)).bind_blob(2, line).bind_blob(3, as_bytes(line_hash));
        insert->bind_blob(4, as_bytes(leaf)).bind(5, type).bind(7, ts);
        if (session.empty()) insert->bind_null(6);
        else insert->bind(6, session);
        if (auto done = insert->run(); !done) return std::unexpected(done.error());
        if (!session.empty())
            if (auto done = summarise(tail.size, type, session, ts, body); !done) return std::unexpected(done.error());
        return Hashes{line_hash, leaf};
    }

    Result<void> summarise(std::uint64_t seq, std::string_view type, std::string_view session, const std::string& ts,
                           const nlohmann::json& body) {
        if (type == record_type::session_start) {
            auto insert = db.prepare(
                "INSERT OR IGNORE INTO sessions(id, workflow, subject, operator, started, first_seq, last_seq, records) "
                "VALUES(?,?,?,?,?,?,?,0)");
            if (!insert) return std::unexpected(insert.error());
            insert->bind(1, session).bind(2, body_string(body, "workflow")).bind(3, body_string(body, "subject"));
            insert->bind(4, body_string(body, "operator")).bind(5, ts).bind(6, static_cast<std::int64_t>(seq));
            insert->bind(7, static_cast<std::int64_t>(seq));
            if (auto done = insert->run(); !done) return done;
        }
        std::string extra;
        if (type == record_type::recommendation) extra = ", recommendation = ?2";
        else if (type == record_type::decision) extra = ", decision = ?2, decided_by = ?3";
        else if (type == record_type::session_end) extra = ", ended = ?4";
        auto update = cached("UPDATE sessions SET last_seq = ?5, records = records + 1" + extra + " WHERE id = ?1");
        if (!update) return std::unexpected(update.error());
        (*update)->bind(1, session).bind(2, body_string(body, "verdict")).bind(3, body_string(body, "by")).bind(4, ts);
        (*update)->bind(5, static_cast<std::int64_t>(seq));
        return (*update)->run();
    }

    Result<std::optional<SignedCheckpoint>> latest() {
        auto query = db.prepare("SELECT text, minisig FROM checkpoints ORDER BY size DESC LIMIT 1");
        if (!query) return std::unexpected(query.error());
        auto row = query->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return std::optional<SignedCheckpoint>{};
        auto text = query->text(0);
        auto checkpoint = parse_checkpoint(text);
        if (!checkpoint)
            return fail(ErrorKind::tampered, "latest checkpoint in the database is damaged: " + checkpoint.error().message);
        return std::optional<SignedCheckpoint>{SignedCheckpoint{*checkpoint, text, query->text(1)}};
    }

    Result<bool> checkpoint_due(const Tail& tail) {
        if (tail.last_type == record_type::session_end) return true;
        if (!last_checkpoint_known) {
            auto last = latest();
            if (!last) return std::unexpected(last.error());
            if (*last) last_checkpoint = std::pair{(*last)->checkpoint.size, (*last)->checkpoint.time};
            last_checkpoint_known = true;
        }
        if (!last_checkpoint) return tail.size > 1;  // the first checkpoint as soon as there is more than the genesis
        auto due_before = utc_timestamp(options.clock() - options.checkpoint_interval);
        return last_checkpoint->second <= due_before && tail.size > last_checkpoint->first + 1;
    }

    // Signs the current tree when it grew since the last checkpoint (and, `when_due`, only when the
    // last one is older than the checkpoint interval). Returns the newest checkpoint afterwards
    // and whether it was signed now.
    struct CheckpointOutcome {
        std::optional<SignedCheckpoint> latest;
        bool signed_now = false;
    };
    Result<CheckpointOutcome> write_checkpoint(bool when_due) {
        auto transaction = sql::Transaction::begin_immediate(db);
        if (!transaction) return std::unexpected(transaction.error());
        auto last = latest();
        if (!last) return std::unexpected(last.error());
        auto state = tail();
        if (!state) return std::unexpected(state.error());
        // Nothing new since the last checkpoint (its own checkpoint.ref aside): nothing to sign.
        if (*last && (state->size == (*last)->checkpoint.size ||
                      (state->size == (*last)->checkpoint.size + 1 && state->last_type == record_type::checkpoint_ref))) {
            last_checkpoint = std::pair{(*last)->checkpoint.size, (*last)->checkpoint.time};
            last_checkpoint_known = true;
            return CheckpointOutcome{*last, false};
        }
        // A session.end is sealed at once (as append does); other records wait for the interval.
        if (when_due && *last && state->last_type != record_type::session_end &&
            (*last)->checkpoint.time > utc_timestamp(options.clock() - options.checkpoint_interval))
            return CheckpointOutcome{*last, false};
        if (auto synced = sync_range(state->size); !synced) return std::unexpected(synced.error());
        Checkpoint checkpoint;
        checkpoint.kiosk = options.kiosk_id;
        checkpoint.size = state->size;
        checkpoint.root = range.root();
        if (*last) checkpoint.prev = sha256((*last)->text);
        checkpoint.time = utc_timestamp(options.clock());
        SignedCheckpoint signed_checkpoint{checkpoint, checkpoint.text(), ""};
        auto minisig = key->sign(signed_checkpoint.text, checkpoint.trusted_comment(),
                                 "kiosk ledger checkpoint, size " + std::to_string(checkpoint.size));
        if (!minisig) return std::unexpected(minisig.error());
        signed_checkpoint.minisig = std::move(*minisig);
        auto insert = db.prepare("INSERT INTO checkpoints(size, text, minisig) VALUES(?,?,?)");
        if (!insert) return std::unexpected(insert.error());
        insert->bind(1, static_cast<std::int64_t>(checkpoint.size)).bind(2, signed_checkpoint.text);
        insert->bind(3, signed_checkpoint.minisig);
        if (auto done = insert->run(); !done) return std::unexpected(done.error());
        nlohmann::json body = {{"size", checkpoint.size},
                               {"root", to_base64(checkpoint.root)},
                               {"checkpoint_sha256", to_hex(sha256(signed_checkpoint.text))}};
        auto written = insert_record(*state, record_type::checkpoint_ref, "", body);
        if (!written) return std::unexpected(written.error());
        if (auto done = transaction->commit(); !done) {
            range = CompactRange{};
            return std::unexpected(done.error());
        }
        last_checkpoint = std::pair{checkpoint.size, checkpoint.time};
        last_checkpoint_known = true;
        return CheckpointOutcome{signed_checkpoint, true};
    }

    // insert() plus keeping the in-memory tree in step (it is rebuilt if the transaction fails).
    // Returns the tail after the new record.
    Result<Tail> insert_record(const Tail& state, std::string_view type, std::string_view session,
                               const nlohmann::json& body) {
        if (auto synced = sync_range(state.size); !synced) return std::unexpected(synced.error());
        auto written = insert(state, type, session, body);
        if (!written) return std::unexpected(written.error());
        range.append(written->leaf);
        return Tail{state.size + 1, written->line_hash, std::string(type)};
    }
};

Ledger::Ledger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ledger::Ledger(Ledger&&) noexcept = default;
Ledger& Ledger::operator=(Ledger&&) noexcept = default;
Ledger::~Ledger() = default;

Result<Ledger> Ledger::open(const LedgerOptions& options) {
    if (sodium_init() < 0) return fail("libsodium could not initialise (no randomness?)");
    std::error_code error;
    std::filesystem::create_directories(options.data_dir, error);
    if (error) return fail(ErrorKind::io, "cannot create the data directory " + options.data_dir.string() + ": " + error.message());
    const auto db_path = options.data_dir / "ledger.sqlite";
    const bool is_new = !std::filesystem::exists(db_path);
    if (!std::filesystem::exists(secret_key_path(options.data_dir)) &&
        !std::filesystem::exists(sealed_key_path(options.data_dir))) {
        if (!is_new)
            return fail("the kiosk key " + secret_key_path(options.data_dir).string() +
                        " is missing; this ledger cannot be signed without it");
        if (auto made = generate_key(options.data_dir); !made) return std::unexpected(made.error());
    }
    auto key = Signer::load(options.data_dir, options.tpm_tcti);
    if (!key) return std::unexpected(key.error());
    auto db = sql::Database::open(db_path, true, false);
    if (!db) return std::unexpected(db.error());
    auto impl = std::make_unique<Impl>(Impl{options, std::move(*db), std::move(*key), {}, {}, false, {}});
    for (auto pragma : {std::string("PRAGMA journal_mode=WAL"),
                        std::string("PRAGMA synchronous=") + (options.durable ? "FULL" : "NORMAL"),
                        std::string(schema)})
        if (auto done = impl->db.exec(pragma); !done) return std::unexpected(done.error());
    if (options.max_bytes > 0) {
        // The size cap: SQLite refuses to grow past max_page_count and the append fails as a whole.
        auto pages = options.max_bytes / 4096;
        if (auto done = impl->db.exec("PRAGMA max_page_count=" + std::to_string(pages < 8 ? 8 : pages)); !done)
            return std::unexpected(done.error());
    }
    // The ledger's kiosk id is fixed at creation; a different configured id is an error, not a silent switch.
    auto transaction = sql::Transaction::begin_immediate(impl->db);
    if (!transaction) return std::unexpected(transaction.error());
    std::optional<std::string> existing_id;
    {
        auto query = impl->db.prepare("SELECT value FROM meta WHERE key = 'kiosk_id'");
        if (!query) return std::unexpected(query.error());
        auto row = query->step();
        if (!row) return std::unexpected(row.error());
        if (*row) existing_id = query->text(0);
    }
    if (existing_id) {
        if (*existing_id != options.kiosk_id)
            return fail("this ledger belongs to kiosk '" + *existing_id + "', not '" + options.kiosk_id + "'");
    } else {
        auto insert = impl->db.prepare("INSERT INTO meta(key, value) VALUES('kiosk_id', ?)");
        if (!insert) return std::unexpected(insert.error());
        if (auto done = insert->bind(1, options.kiosk_id).run(); !done) return std::unexpected(done.error());
        const auto& public_key = impl->key->public_key();
        nlohmann::json body = {{"kiosk", options.kiosk_id},
                               {"public_key", public_key.minisign_line()},
                               {"key_id", public_key.key_id_hex()},
                               {"key_storage", impl->key->storage()},
                               {"tpm_bound", impl->key->tpm_bound()}};
        auto tail = impl->tail();
        if (!tail) return std::unexpected(tail.error());
        if (auto written = impl->insert_record(*tail, record_type::genesis, "", body); !written)
            return std::unexpected(written.error());
    }
    if (auto done = transaction->commit(); !done) return std::unexpected(done.error());
    return Ledger(std::move(impl));
}

Result<Ledger> Ledger::open_existing(const LedgerOptions& options) {
    const auto db_path = options.data_dir / "ledger.sqlite";
    std::error_code error;
    if (!std::filesystem::exists(db_path, error))
        return error ? fail(ErrorKind::io, "cannot reach " + db_path.string() + ": " + error.message())
                     : fail(ErrorKind::not_found, "no ledger at " + db_path.string());
    // Read-only, so an auditor's copy on read-only media opens as well as the kiosk's own.
    auto db = sql::Database::open_read_only(db_path);
    if (!db) return std::unexpected(db.error());
    auto impl = std::make_unique<Impl>(Impl{options, std::move(*db), std::nullopt, {}, {}, false, {}});
    auto query = impl->db.prepare("SELECT value FROM meta WHERE key = 'kiosk_id'");
    if (!query) return fail(db_path.string() + " is not a kiosk ledger (" + query.error().message + ")");
    auto row = query->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return fail(db_path.string() + " is not a kiosk ledger (no kiosk id)");
    impl->options.kiosk_id = query->text(0);
    return Ledger(std::move(impl));
}

const std::string& Ledger::kiosk_id() const { return impl_->options.kiosk_id; }
const std::filesystem::path& Ledger::data_dir() const { return impl_->options.data_dir; }

Result<PublicKey> Ledger::public_key() const {
    auto text = read_file_text(public_key_path(impl_->options.data_dir));
    if (!text) return std::unexpected(text.error());
    auto key = parse_public_key(*text);
    if (!key) return fail(key.error(), public_key_path(impl_->options.data_dir).string() + ": ");
    return key;
}

Result<Appended> Ledger::append(std::string_view type, std::string_view session, const nlohmann::json& body) {
    const NewRecord record{std::string(type), std::string(session), body};
    return append_batch({&record, 1});
}

Result<Appended> Ledger::append_batch(std::span<const NewRecord> batch) {
    if (!impl_->key) return fail(ErrorKind::internal, "the ledger was opened read-only");
    if (batch.empty()) return fail("nothing to append");
    for (const auto& record : batch)
        if (!record.body.is_object()) return fail("a record body must be a JSON object");
    std::uint64_t first = 0;
    bool ends_session = false;
    Impl::Tail after;
    {
        auto transaction = sql::Transaction::begin_immediate(impl_->db);
        if (!transaction) return std::unexpected(transaction.error());
        auto state = impl_->tail();
        if (!state) return std::unexpected(state.error());
        first = state->size;
        for (const auto& record : batch) {
            auto written = impl_->insert_record(*state, record.type, record.session, record.body);
            if (!written) {
                impl_->range = CompactRange{};
                return std::unexpected(written.error());
            }
            *state = *written;
            ends_session = ends_session || record.type == record_type::session_end;
        }
        if (auto done = transaction->commit(); !done) {
            impl_->range = CompactRange{};
            return std::unexpected(done.error());
        }
        after = *state;
    }
    // A session.end anywhere in the batch gets its checkpoint, as it would appended alone.
    if (ends_session) after.last_type = record_type::session_end;
    Appended appended{first, after.size - 1, std::nullopt};
    auto due = impl_->checkpoint_due(after);
    if (!due) appended.unsealed = unsealed(first, after.size - 1, due.error());
    else if (*due)
        if (auto signed_checkpoint = impl_->write_checkpoint(false); !signed_checkpoint)
            appended.unsealed = unsealed(first, after.size - 1, signed_checkpoint.error());
    return appended;
}

Result<SignedCheckpoint> Ledger::checkpoint() {
    if (!impl_->key) return fail(ErrorKind::internal, "the ledger was opened read-only");
    auto outcome = impl_->write_checkpoint(false);
    if (!outcome) return std::unexpected(outcome.error());
    return *outcome->latest;
}

Result<std::optional<SignedCheckpoint>> Ledger::checkpoint_if_due() {
    if (!impl_->key) return fail(ErrorKind::internal, "the ledger was opened read-only");
    auto outcome = impl_->write_checkpoint(true);
    if (!outcome) return std::unexpected(outcome.error());
    if (!outcome->signed_now) return std::optional<SignedCheckpoint>{};
    return outcome->latest;
}

Result<std::string> Ledger::sign(std::string_view data, std::string_view trusted_comment,
                                 std::string_view untrusted_comment) const {
    if (!impl_->key) return fail(ErrorKind::internal, "the ledger was opened read-only");
    return impl_->key->sign(data, trusted_comment, untrusted_comment);
}

Result<std::string> Ledger::sign_note(std::string_view text, std::string_view name) const {
    if (!impl_->key) return fail(ErrorKind::internal, "the ledger was opened read-only");
    return impl_->key->sign_note(text, name);
}

Result<std::uint64_t> Ledger::size() const {
    auto state = impl_->tail();
    if (!state) return std::unexpected(state.error());
    return state->size;
}

namespace {

StoredRecord read_record(const sql::Statement& query) {
    StoredRecord record;
    record.seq = static_cast<std::uint64_t>(query.integer(0));
    record.purged = query.is_null(1);
    record.line = query.blob(1);
    record.line_hash = digest_of(query.blob(2));
    record.leaf = digest_of(query.blob(3));
    record.type = query.text(4);
    record.session = query.text(5);
    record.ts = query.text(6);
    return record;
}

Result<std::vector<StoredRecord>> collect(sql::Statement& query) {
    std::vector<StoredRecord> records;
    for (;;) {
        auto row = query.step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return records;
        records.push_back(read_record(query));
    }
}

constexpr std::string_view record_columns = "SELECT seq, line, line_hash, leaf, type, session, ts FROM records ";

}  // namespace

bool matches(const SessionFilter& filter, const SessionSummary& s) {
    const auto& verdict = s.decision.empty() ? s.recommendation : s.decision;
    return (!filter.workflow || s.workflow == *filter.workflow) && (!filter.subject || s.subject == *filter.subject) &&
           (!filter.operator_name || s.operator_name == *filter.operator_name) &&
           (!filter.since || s.started >= *filter.since) && (!filter.verdict || verdict == *filter.verdict);
}

Result<StoredRecord> Ledger::record(std::uint64_t seq) const {
    auto found = records(seq, seq + 1);
    if (!found) return std::unexpected(found.error());
    if (found->empty()) return fail("no record " + std::to_string(seq));
    return found->front();
}

Result<std::vector<StoredRecord>> Ledger::records(std::uint64_t from, std::uint64_t to) const {
    auto query = impl_->db.prepare(std::string(record_columns) + "WHERE seq >= ? AND seq < ? ORDER BY seq");
    if (!query) return std::unexpected(query.error());
    query->bind(1, static_cast<std::int64_t>(from)).bind(2, static_cast<std::int64_t>(to));
    return collect(*query);
}

Result<std::vector<StoredRecord>> Ledger::session_records(std::string_view session) const {
    auto query = impl_->db.prepare(std::string(record_columns) + "WHERE session = ? ORDER BY seq");
    if (!query) return std::unexpected(query.error());
    query->bind(1, session);
    return collect(*query);
}

Result<std::vector<StoredRecord>> Ledger::records_of_type(std::string_view type) const {
    auto query = impl_->db.prepare(std::string(record_columns) + "WHERE type = ? ORDER BY seq");
    if (!query) return std::unexpected(query.error());
    query->bind(1, type);
    return collect(*query);
}

Result<std::vector<Digest>> Ledger::leaves(std::uint64_t size) const {
    auto query = impl_->db.prepare("SELECT leaf FROM records WHERE seq < ? ORDER BY seq");
    if (!query) return std::unexpected(query.error());
    query->bind(1, static_cast<std::int64_t>(size));
    std::vector<Digest> leaves;
    leaves.reserve(size);
    for (;;) {
        auto row = query->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        leaves.push_back(digest_of(query->blob(0)));
    }
    return leaves;
}

Result<std::vector<SessionSummary>> Ledger::sessions(const SessionFilter& filter) const {
    // The records summaries are made of: every session's, and the purges that name sessions.
    auto query = impl_->db.prepare(std::string(record_columns) + "WHERE session IS NOT NULL OR type = ? ORDER BY seq");
    if (!query) return std::unexpected(query.error());
    query->bind(1, record_type::purge);
    SummaryBuilder builder;
    for (;;) {
        auto row = query->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        const auto stored = read_record(*query);
        std::optional<Record> record;
        if (!stored.purged && SummaryBuilder::needs_line(stored.type)) {
            auto parsed = parse_record_line(stored.line);
            if (!parsed)
                return fail(ErrorKind::tampered, "record " + std::to_string(stored.seq) + ": " +
                                                     parsed.error().message + " (run kiosk ledger verify)");
            record = std::move(*parsed);
        }
        builder.add(stored, record ? &*record : nullptr);
    }
    auto stored = stored_sessions();
    if (!stored) return std::unexpected(stored.error());
    if (auto difference = summary_difference(builder.summaries(), *stored))
        return fail(ErrorKind::tampered, *difference + " (run kiosk ledger verify)");
    std::erase_if(*stored, [&](const SessionSummary& s) { return !matches(filter, s); });
    return stored;
}

Result<std::vector<SessionSummary>> Ledger::stored_sessions() const {
    auto query = impl_->db.prepare(
        "SELECT id, workflow, subject, operator, started, ended, recommendation, decision, decided_by, purged, "
        "first_seq, last_seq, records FROM sessions ORDER BY first_seq");
    if (!query) return std::unexpected(query.error());
    std::vector<SessionSummary> sessions;
    for (;;) {
        auto row = query->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return sessions;
        SessionSummary s;
        s.id = query->text(0);
        s.workflow = query->text(1);
        s.subject = query->text(2);
        s.operator_name = query->text(3);
        s.started = query->text(4);
        s.ended = query->text(5);
        s.status = s.ended.empty() ? SessionStatus::incomplete : SessionStatus::complete;
        s.recommendation = query->text(6);
        s.decision = query->text(7);
        s.decided_by = query->text(8);
        s.purged = query->integer(9) != 0;
        s.first_seq = static_cast<std::uint64_t>(query->integer(10));
        s.last_seq = static_cast<std::uint64_t>(query->integer(11));
        s.records = static_cast<std::uint64_t>(query->integer(12));
        sessions.push_back(std::move(s));
    }
}

Result<std::optional<SessionSummary>> Ledger::session(std::string_view id) const {
    auto all = sessions();
    if (!all) return std::unexpected(all.error());
    for (auto& s : *all)
        if (s.id == id) return std::optional<SessionSummary>{std::move(s)};
    return std::optional<SessionSummary>{};
}

Result<std::vector<SignedCheckpoint>> Ledger::checkpoints() const {
    auto query = impl_->db.prepare("SELECT size, text, minisig FROM checkpoints ORDER BY size");
    if (!query) return std::unexpected(query.error());
    std::vector<SignedCheckpoint> checkpoints;
    for (;;) {
        auto row = query->step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return checkpoints;
        auto text = query->text(1);
        auto checkpoint = parse_checkpoint(text);
        if (!checkpoint)
            return fail(ErrorKind::tampered,
                        "checkpoint " + std::to_string(query->integer(0)) + " is damaged: " + checkpoint.error().message);
        checkpoints.push_back(SignedCheckpoint{*checkpoint, text, query->text(2)});
    }
}

Result<std::optional<SignedCheckpoint>> Ledger::latest_checkpoint() const { return impl_->latest(); }

Result<PurgeResult> Ledger::purge_before(std::string_view before, std::string_view reason) {
    if (!impl_->key) return fail(ErrorKind::internal, "the ledger was opened read-only");
    PurgeResult result;
    {
        auto transaction = sql::Transaction::begin_immediate(impl_->db);
        if (!transaction) return std::unexpected(transaction.error());
        // Which sessions are due comes from the table checked against the signed records: an edited
        // start time can neither purge a session early nor keep one past its date.
        auto checked = sessions();
        if (!checked) return std::unexpected(checked.error());
        std::ranges::sort(*checked, {}, &SessionSummary::first_seq);
        nlohmann::json kept = nlohmann::json::object();
        for (const auto& summary : *checked) {
            if (summary.purged || summary.started >= before) continue;
            result.sessions.push_back(summary.id);
            kept[summary.id] = kept_after_purge(summary);
        }
        if (result.sessions.empty()) return result;
        // Seq ranges of the records whose content goes: the purge record names them so the
        // verifier can tell a logged purge from content that vanished.
        nlohmann::json ranges = nlohmann::json::array();
        for (const auto& id : result.sessions) {
            auto seqs = impl_->db.prepare("SELECT seq FROM records WHERE session = ? AND line IS NOT NULL ORDER BY seq");
            if (!seqs) return std::unexpected(seqs.error());
            seqs->bind(1, id);
            for (;;) {
                auto row = seqs->step();
                if (!row) return std::unexpected(row.error());
                if (!*row) break;
                auto seq = static_cast<std::uint64_t>(seqs->integer(0));
                if (!ranges.empty() && ranges.back()[1].get<std::uint64_t>() + 1 == seq) ranges.back()[1] = seq;
                else ranges.push_back({seq, seq});
                ++result.records;
            }
            auto wipe = impl_->db.prepare("UPDATE records SET line = NULL WHERE session = ?");
            if (!wipe) return std::unexpected(wipe.error());
            if (auto done = wipe->bind(1, id).run(); !done) return std::unexpected(done.error());
            auto mark = impl_->db.prepare("UPDATE sessions SET purged = 1, subject = '', operator = '' WHERE id = ?");
            if (!mark) return std::unexpected(mark.error());
            if (auto done = mark->bind(1, id).run(); !done) return std::unexpected(done.error());
        }
        nlohmann::json body = {{"before", before}, {"reason", reason}, {"sessions", result.sessions}, {"purged", ranges},
                               {"records", result.records}, {"kept", kept}};
        auto state = impl_->tail();
        if (!state) return std::unexpected(state.error());
        auto written = impl_->insert_record(*state, record_type::purge, "", body);
        if (!written) {
            impl_->range = CompactRange{};
            return std::unexpected(written.error());
        }
        result.purge_record = written->size - 1;
        if (auto done = transaction->commit(); !done) {
            impl_->range = CompactRange{};
            return std::unexpected(done.error());
        }
    }
    if (auto signed_checkpoint = impl_->write_checkpoint(false); !signed_checkpoint)
        result.unsealed = unsealed(result.purge_record, result.purge_record, signed_checkpoint.error());
    return result;
}

}  // namespace kiosk::ledger
