#include "ledger/verify.h"

#include <future>
#include <map>
#include <set>
#include <tuple>

#include "ledger/merkle.h"
#include "ledger/record.h"
#include "ledger/session_summaries.h"
#include "ledger/sqlite.h"

namespace kiosk::ledger {
namespace {

struct Failure {
    std::optional<std::uint64_t> seq;
    std::string problem;
    ErrorKind kind = ErrorKind::tampered;  // what the walk found, unless reading itself failed
};

Failure unreadable(const Error& error) { return Failure{std::nullopt, error.message, error.kind}; }

std::string record_name(std::uint64_t seq) { return "record " + std::to_string(seq); }

// Reads every record once, in order, checking each against its neighbours and the checkpoints.
class Walker {
public:
    Walker(const LogSource& log, const PublicKey& key, std::vector<SignedCheckpoint> checkpoints,
           const std::optional<Checkpoint>& known) :
        log_(log), kiosk_id_(log.kiosk_id()), key_(key), checkpoints_(std::move(checkpoints)), known_(known) {}

    std::optional<Failure> run(VerifyReport& report);
    std::optional<Failure> walk(VerifyReport& report);
    std::uint64_t signed_size() const { return last_verified_size_; }

private:
    std::optional<Failure> check_checkpoints_alone();
    std::optional<Failure> check_record(const StoredRecord& stored, std::uint64_t position, const StoredRecord* next);
    std::optional<Failure> at_size(std::uint64_t size);

    const LogSource& log_;
    const std::string kiosk_id_;
    const PublicKey& key_;
    std::vector<SignedCheckpoint> checkpoints_;
    std::optional<Checkpoint> known_;
    std::map<std::uint64_t, const SignedCheckpoint*> by_size_;
    std::set<std::uint64_t> purged_unexplained_;  // purged records no retention.purge record names (yet)
    std::set<std::uint64_t> purge_listed_;
    SummaryBuilder summaries_;  // what the sessions table must say
    // The first row whose columns disagree with its intact line: reported once the walk found
    // nothing worse (an inserted or moved record also leaves its columns wrong).
    std::optional<Failure> column_mismatch_;
    CompactRange range_;
    Digest prev_{};
    Digest prev_before_{};  // hash of the record before the previous one, to recognise an insertion
    std::uint64_t last_verified_size_ = 0;
};

// Signatures are independent of each other and of the records: they are checked on a second
// thread while the records are walked.
std::optional<Failure> check_signatures(const std::vector<SignedCheckpoint>& checkpoints, const PublicKey& key) {
    std::uint64_t prev_size = 0;
    for (const auto& signed_checkpoint : checkpoints) {
        const auto& checkpoint = signed_checkpoint.checkpoint;
        const std::string name = "checkpoint " + std::to_string(checkpoint.size);
        // The first record this checkpoint alone vouches for is the one to blame when it fails.
        const std::uint64_t first = prev_size;
        auto comment = verify_minisig(signed_checkpoint.text, signed_checkpoint.minisig, key);
        if (!comment) return Failure{first, name + ": " + comment.error().message};
        if (*comment != checkpoint.trusted_comment())
            return Failure{first, name + ": the signed trusted comment does not match the checkpoint text"};
        prev_size = checkpoint.size;
    }
    return std::nullopt;
}

std::optional<Failure> Walker::check_checkpoints_alone() {
    std::optional<Digest> prev_text_hash;
    std::uint64_t prev_size = 0;
    for (const auto& signed_checkpoint : checkpoints_) {
        const auto& checkpoint = signed_checkpoint.checkpoint;
        const std::string name = "checkpoint " + std::to_string(checkpoint.size);
        const std::uint64_t first = prev_size;
        if (checkpoint.kiosk != kiosk_id_)
            return Failure{first, name + ": signed for kiosk '" + checkpoint.kiosk + "', not '" + kiosk_id_ + "'"};
        if (checkpoint.prev != prev_text_hash)
            return Failure{first, name + ": does not chain to the checkpoint before it (one is missing or replaced)"};
        prev_text_hash = sha256(signed_checkpoint.text);
        prev_size = checkpoint.size;
        by_size_[checkpoint.size] = &signed_checkpoint;
    }
    return std::nullopt;
}

std::optional<Failure> Walker::at_size(std::uint64_t size) {
    auto found = by_size_.find(size);
    if (found == by_size_.end()) return std::nullopt;
    if (range_.root() != found->second->checkpoint.root)
        return Failure{last_verified_size_, "records " + std::to_string(last_verified_size_) + ".." +
                                                std::to_string(size - 1) + " do not match the root signed in checkpoint " +
                                                std::to_string(size)};
    last_verified_size_ = size;
    return std::nullopt;
}

std::optional<Failure> Walker::check_record(const StoredRecord& stored, std::uint64_t position,
                                            const StoredRecord* next) {
    const std::string name = record_name(position);
    if (stored.seq != position) return Failure{position, name + " is missing (the next stored is " + std::to_string(stored.seq) + ")"};
    Digest line_hash = stored.line_hash, leaf = stored.leaf;
    std::optional<Record> record;
    if (stored.purged) {
        if (!purge_listed_.contains(position)) purged_unexplained_.insert(position);
    } else {
        auto parsed = parse_record_line(stored.line);
        if (!parsed) return Failure{position, name + ": " + parsed.error().message};
        record = std::move(*parsed);
        line_hash = sha256(stored.line);
        leaf = leaf_hash(stored.line);
        if (record->seq + 1 == position && position >= 2 && record->prev == prev_before_)
            return Failure{position - 1, record_name(position - 1) + " was inserted (" + name +
                                             " carries seq " + std::to_string(record->seq) + " and chains past it)"};
        if (record->seq != position)
            return Failure{position, name + " carries seq " + std::to_string(record->seq) + " (moved, inserted or reordered)"};
        if (record->kiosk != kiosk_id_)
            return Failure{position, name + " was written by kiosk '" + record->kiosk + "', not '" + kiosk_id_ +
                                         "' (replayed from another ledger)"};
        if (record->prev != prev_) {
            // A changed record breaks the link to the one after it; if that next link still holds,
            // this record's own prev was not what changed, so the one before it was.
            bool next_links = next && !next->purged && parse_record_line(next->line) &&
                              parse_record_line(next->line)->prev == line_hash;
            if (next_links && position > 0)
                return Failure{position - 1, record_name(position - 1) + " was changed after it was written (" + name +
                                                 " names another hash for it)"};
            return Failure{position, name + " does not chain to " + record_name(position - 1) +
                                         " (inserted, deleted or changed record)"};
        }
        if (position == 0) {
            if (record->type != "log.genesis") return Failure{0, "record 0 is not log.genesis"};
            auto genesis_key = parse_public_key(record->body.value("public_key", std::string()));
            if (!genesis_key || !(*genesis_key == key_))
                return Failure{0, "record 0: log.genesis names key " +
                                      (genesis_key ? genesis_key->key_id_hex() : std::string("(none)")) +
                                      ", not the verifying key " + key_.key_id_hex() + " (key swapped)"};
        }
        if (record->type == "retention.purge") {
            for (const auto& range : record->body.value("purged", nlohmann::json::array())) {
                if (!range.is_array() || range.size() != 2 || !range[0].is_number_unsigned() || !range[1].is_number_unsigned())
                    return Failure{position, name + ": malformed purge range"};
                for (auto seq = range[0].get<std::uint64_t>(); seq <= range[1].get<std::uint64_t>() && seq < position; ++seq) {
                    purge_listed_.insert(seq);
                    purged_unexplained_.erase(seq);
                }
            }
        }
        if (record->type == "checkpoint.ref") {
            auto size = record->body.value("size", std::uint64_t{0});
            auto found = by_size_.find(size);
            if (found == by_size_.end())
                return Failure{position, name + " refers to checkpoint " + std::to_string(size) + ", which is missing"};
            if (record->body.value("checkpoint_sha256", std::string()) != to_hex(sha256(found->second->text)))
                return Failure{position, name + " refers to another checkpoint " + std::to_string(size) + " than the stored one"};
        }
    }
    if (stored.line_hash != line_hash || stored.leaf != leaf)
        return Failure{position, name + ": its bytes differ from the hashes stored when it was written"};
    // The row's type, session and time columns are unsigned copies that lookups (show, correlate) go by.
    if (record && !column_mismatch_) {
        for (auto [column, copy, line_value] : {std::tuple{"type", &stored.type, &record->type},
                                                std::tuple{"session", &stored.session, &record->session},
                                                std::tuple{"time", &stored.ts, &record->ts}})
            if (*copy != *line_value) {
                column_mismatch_ = Failure{position, name + ": its stored " + column + " column says '" + *copy +
                                                         "' but its signed line says '" + *line_value +
                                                         "' (the row was changed)"};
                break;
            }
    }
    summaries_.add(stored, record ? &*record : nullptr);
    prev_before_ = prev_;
    prev_ = line_hash;
    range_.append(leaf);
    return at_size(position + 1);
}

std::optional<Failure> Walker::run(VerifyReport& report) {
    auto signatures = std::async(std::launch::async, check_signatures, std::cref(checkpoints_), std::cref(key_));
    auto failure = walk(report);
    // A bad signature outranks what the walk found: without it nothing after it is vouched for.
    if (auto signature_failure = signatures.get()) return signature_failure;
    return failure;
}

std::optional<Failure> Walker::walk(VerifyReport& report) {
    if (auto failure = check_checkpoints_alone()) return failure;
    prev_ = genesis_prev(kiosk_id_);
    auto size = log_.size();
    if (!size) return unreadable(size.error());
    constexpr std::uint64_t batch = 4096;
    std::uint64_t position = 0;
    std::vector<StoredRecord> window;
    for (std::uint64_t from = 0;; from += batch) {
        auto rows = log_.records(from, from + batch + 1);  // one extra: the next record for chain blame
        if (!rows) return unreadable(rows.error());
        if (rows->empty()) break;
        const std::size_t usable = std::min<std::size_t>(rows->size(), batch);
        for (std::size_t i = 0; i < usable; ++i) {
            const StoredRecord* next = i + 1 < rows->size() ? &(*rows)[i + 1] : nullptr;
            if (auto failure = check_record((*rows)[i], position, next)) return failure;
            ++position;
            if ((*rows)[i].purged) ++report.purged;
        }
        if (rows->size() <= batch) break;
    }
    report.records = position;
    if (position < *size)
        return Failure{position, record_name(position) + " is missing (the ledger has a gap in its records)"};
    if (!purged_unexplained_.empty())
        return Failure{*purged_unexplained_.begin(), record_name(*purged_unexplained_.begin()) +
                                                         ": content removed without a retention.purge record naming it"};
    if (!checkpoints_.empty() && checkpoints_.back().checkpoint.size > position)
        return Failure{position, record_name(position) + " is missing: checkpoint " +
                                     std::to_string(checkpoints_.back().checkpoint.size) +
                                     " covers more records than the ledger holds (truncated)"};
    if (known_) {
        if (known_->kiosk != kiosk_id_)
            return Failure{std::nullopt, "the known checkpoint is for kiosk '" + known_->kiosk + "', not '" +
                                             kiosk_id_ + "'"};
        if (known_->size > position)
            return Failure{position, "rollback: the ledger holds " + std::to_string(position) +
                                         " records, the known checkpoint covers " + std::to_string(known_->size)};
        auto leaves = log_.leaves(known_->size);
        if (!leaves) return unreadable(leaves.error());
        if (merkle_root(*leaves) != known_->root)
            return Failure{std::nullopt, "fork: the first " + std::to_string(known_->size) +
                                             " records have another root than the known checkpoint"};
    }
    if (column_mismatch_) return column_mismatch_;
    auto stored_sessions = log_.stored_sessions();
    if (!stored_sessions) return unreadable(stored_sessions.error());
    if (*stored_sessions)
        if (auto difference = summary_difference(summaries_.summaries(), **stored_sessions))
            return Failure{std::nullopt, *difference + " (the table was changed; the records verify)"};
    report.checkpoints = checkpoints_.size();
    return std::nullopt;
}

}  // namespace

nlohmann::json to_json(const VerifyReport& report) {
    nlohmann::json json = {{"ok", report.ok},
                           {"records", report.records},
                           {"checkpoints", report.checkpoints},
                           {"purged", report.purged},
                           {"signed_records", report.signed_records},
                           {"key_id", report.key_id}};
    json["first_bad_record"] = report.first_bad ? nlohmann::json(*report.first_bad) : nlohmann::json(nullptr);
    json["problem"] = report.problem.empty() ? nlohmann::json(nullptr) : nlohmann::json(report.problem);
    json["problem_kind"] = report.ok ? nlohmann::json(nullptr) : nlohmann::json(to_string(report.problem_kind));
    return json;
}

namespace {

// The kiosk's own ledger as a LogSource.
class LedgerLog final : public LogSource {
public:
    explicit LedgerLog(const Ledger& ledger) : ledger_(ledger) {}
    std::string kiosk_id() const override { return ledger_.kiosk_id(); }
    Result<std::uint64_t> size() const override { return ledger_.size(); }
    Result<std::vector<StoredRecord>> records(std::uint64_t from, std::uint64_t to) const override {
        return ledger_.records(from, to);
    }
    Result<std::vector<Digest>> leaves(std::uint64_t size) const override { return ledger_.leaves(size); }
    Result<std::vector<SignedCheckpoint>> checkpoints() const override { return ledger_.checkpoints(); }
    Result<std::optional<std::vector<SessionSummary>>> stored_sessions() const override {
        auto sessions = ledger_.stored_sessions();
        if (!sessions) return std::unexpected(sessions.error());
        return std::optional{std::move(*sessions)};
    }

private:
    const Ledger& ledger_;
};

}  // namespace

VerifyReport verify_log(const LogSource& log, const PublicKey& key, const VerifyOptions& options) {
    VerifyReport report;
    report.key_id = key.key_id_hex();
    auto fail_with = [&](Failure failure) {
        report.ok = false;
        report.first_bad = failure.seq;
        report.problem = std::move(failure.problem);
        report.problem_kind = failure.kind;
        return report;
    };
    auto checkpoints = log.checkpoints();
    if (!checkpoints) return fail_with(unreadable(checkpoints.error()));
    Walker walker(log, key, std::move(*checkpoints), options.known_checkpoint);
    if (auto failure = walker.run(report)) return fail_with(std::move(*failure));
    report.signed_records = walker.signed_size();
    report.ok = true;
    return report;
}

VerifyReport verify_ledger(const Ledger& ledger, const VerifyOptions& options) {
    PublicKey key;
    if (options.pinned_key) {
        key = *options.pinned_key;
    } else {
        auto own = ledger.public_key();
        if (!own) {
            VerifyReport report;
            report.problem = own.error().message;
            report.problem_kind = own.error().kind;
            return report;
        }
        key = *own;
    }
    return verify_log(LedgerLog(ledger), key, options);
}

}  // namespace kiosk::ledger
