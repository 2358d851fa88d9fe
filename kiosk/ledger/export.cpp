#include "ledger/export.h"

#include <fstream>
#include <sstream>

#include "ledger/audit_readme.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/record.h"

namespace kiosk::ledger {
namespace {

constexpr const char* records_file = "records.jsonl";
constexpr const char* proofs_file = "proofs.json";
constexpr const char* consistency_file = "consistency.json";
constexpr const char* note_file = "checkpoint.note";

// The checkpoint's first line, its log's origin: the key name of its signed note.
std::string origin_of(std::string_view checkpoint_text) { return std::string(checkpoint_text.substr(0, checkpoint_text.find('\n'))); }

Result<void> write_file(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return fail(ErrorKind::io, "cannot write " + path.string());
    return {};
}

Result<std::string> read_file(const std::filesystem::path& path, std::size_t limit = 256 << 20) {
    std::error_code error;
    auto size = std::filesystem::file_size(path, error);
    if (error) return fail(ErrorKind::tampered, path.filename().string() + " is missing from the export");
    if (size > limit) return fail(ErrorKind::tampered, path.filename().string() + " is too large");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string export_comment(std::string_view kiosk, std::string_view session, std::uint64_t records,
                           std::uint64_t tree_size, const Digest& root) {
    return "kiosk-export v1 kiosk=" + std::string(kiosk) + " session=" + std::string(session) +
           " records=" + std::to_string(records) + " tree_size=" + std::to_string(tree_size) + " root=" + to_base64(root);
}

nlohmann::json hex_list(const std::vector<Digest>& digests) {
    auto list = nlohmann::json::array();
    for (const auto& digest : digests) list.push_back(to_hex(digest));
    return list;
}

Result<std::vector<Digest>> digest_list(const nlohmann::json& list, std::string_view what) {
    if (!list.is_array() || list.size() > 64) return fail(ErrorKind::tampered, std::string(what) + " is not a list of at most 64 hashes");
    std::vector<Digest> digests;
    for (const auto& item : list) {
        auto digest = item.is_string() ? digest_from_hex(item.get<std::string>()) : std::nullopt;
        if (!digest) return fail(ErrorKind::tampered, std::string(what) + " holds something that is not a hex SHA-256");
        digests.push_back(*digest);
    }
    return digests;
}

struct ProofEntry {
    std::uint64_t seq = 0;
    Digest leaf{};
    std::vector<Digest> proof;
};

Result<std::vector<ProofEntry>> parse_proofs(std::string_view text, std::uint64_t tree_size, const Digest& root) {
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) return fail(ErrorKind::tampered, "proofs.json is not a JSON object");
    auto size = json.find("tree_size");
    if (size == json.end() || !size->is_number_unsigned() || size->get<std::uint64_t>() != tree_size)
        return fail(ErrorKind::tampered, "proofs.json is for another tree size than checkpoint.txt");
    auto root_text = json.find("root");
    if (root_text == json.end() || !root_text->is_string() || root_text->get<std::string>() != to_base64(root))
        return fail(ErrorKind::tampered, "proofs.json is for another root than checkpoint.txt");
    auto records = json.find("records");
    if (records == json.end() || !records->is_array()) return fail(ErrorKind::tampered, "proofs.json has no records list");
    std::vector<ProofEntry> entries;
    for (const auto& item : *records) {
        if (!item.is_object()) return fail(ErrorKind::tampered, "proofs.json: a record entry is not an object");
        ProofEntry entry;
        auto seq = item.find("seq");
        if (seq == item.end() || !seq->is_number_unsigned()) return fail(ErrorKind::tampered, "proofs.json: an entry has no seq");
        entry.seq = seq->get<std::uint64_t>();
        auto leaf = item.find("leaf");
        auto leaf_digest = leaf != item.end() && leaf->is_string() ? digest_from_hex(leaf->get<std::string>()) : std::nullopt;
        if (!leaf_digest) return fail(ErrorKind::tampered, "proofs.json: record " + std::to_string(entry.seq) + " has no leaf hash");
        entry.leaf = *leaf_digest;
        auto proof = item.find("proof");
        if (proof == item.end()) return fail(ErrorKind::tampered, "proofs.json: record " + std::to_string(entry.seq) + " has no proof");
        auto digests = digest_list(*proof, "proofs.json: record " + std::to_string(entry.seq) + " proof");
        if (!digests) return std::unexpected(digests.error());
        entry.proof = std::move(*digests);
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace

Result<ExportResult> export_session(Ledger& ledger, std::string_view session, const std::filesystem::path& out,
                                    const std::optional<Checkpoint>& known_checkpoint) {
    auto summary = ledger.session(session);
    if (!summary) return std::unexpected(summary.error());
    if (!*summary) return fail(ErrorKind::not_found, "no session '" + std::string(session) + "' in the ledger");
    if ((*summary)->purged) return fail("session '" + std::string(session) + "' was purged by retention; nothing to export");
    std::error_code error;
    if (std::filesystem::exists(out) && !std::filesystem::is_empty(out, error))
        return fail(out.string() + " exists and is not empty");
    auto records = ledger.session_records(session);
    if (!records) return std::unexpected(records.error());
    auto latest = ledger.latest_checkpoint();
    if (!latest) return std::unexpected(latest.error());
    std::optional<SignedCheckpoint> checkpoint = *latest;
    if (!checkpoint || checkpoint->checkpoint.size <= records->back().seq) {
        auto fresh = ledger.checkpoint();
        if (!fresh) return std::unexpected(fresh.error());
        checkpoint = *fresh;
    }
    const auto tree_size = checkpoint->checkpoint.size;
    auto leaves = ledger.leaves(tree_size);
    if (!leaves) return std::unexpected(leaves.error());
    if (merkle_root(*leaves) != checkpoint->checkpoint.root)
        return fail(ErrorKind::tampered, "the ledger does not match its own checkpoint " + std::to_string(tree_size) + " (run kiosk ledger verify)");

    std::string lines;
    auto proof_entries = nlohmann::json::array();
    for (const auto& record : *records) {
        if (record.seq >= tree_size) continue;  // written after the checkpoint (none for an ended session)
        lines += record.line + "\n";
        proof_entries.push_back({{"seq", record.seq},
                                 {"leaf", to_hex(record.leaf)},
                                 {"line_sha256", to_hex(record.line_hash)},
                                 {"proof", hex_list(inclusion_proof(*leaves, record.seq, tree_size))}});
    }
    nlohmann::json proofs = {{"tree_size", tree_size},
                             {"root", to_base64(checkpoint->checkpoint.root)},
                             {"algorithm", "RFC 9162 inclusion proofs; leaf = SHA-256(0x00 || line), node = SHA-256(0x01 || left || right)"},
                             {"records", proof_entries}};
    auto key = ledger.public_key();
    if (!key) return std::unexpected(key.error());
    auto records_minisig =
        ledger.sign(lines, export_comment(ledger.kiosk_id(), session, proof_entries.size(), tree_size,
                                          checkpoint->checkpoint.root),
                    "kiosk ledger export of session " + std::string(session));
    if (!records_minisig) return std::unexpected(records_minisig.error());
    const auto origin = origin_of(checkpoint->text);
    auto note = ledger.sign_note(checkpoint->text, origin);
    if (!note) return std::unexpected(note.error());

    std::filesystem::create_directories(out, error);
    if (error) return fail(ErrorKind::io, "cannot create " + out.string() + ": " + error.message());
    std::vector<std::pair<std::string, std::string>> files = {
        {records_file, lines},
        {std::string(records_file) + ".minisig", *records_minisig},
        {proofs_file, proofs.dump(2) + "\n"},
        {"checkpoint.txt", checkpoint->text},
        {"checkpoint.txt.minisig", checkpoint->minisig},
        {note_file, *note},
        {"kiosk.pub", key->minisign_file()},
        {"kiosk.pem", key->pem()},
        {"verify_proofs.py", std::string(audit::verify_proofs_script)},
    };
    if (known_checkpoint) {
        if (known_checkpoint->size > tree_size)
            return fail(ErrorKind::tampered, "the known checkpoint is newer than this ledger (rollback?)");
        nlohmann::json consistency = {{"old_size", known_checkpoint->size},
                                      {"old_root", to_base64(known_checkpoint->root)},
                                      {"new_size", tree_size},
                                      {"proof", hex_list(consistency_proof(*leaves, known_checkpoint->size, tree_size))}};
        files.emplace_back(consistency_file, consistency.dump(2) + "\n");
    }
    files.emplace_back("README.txt", audit::readme(ledger.kiosk_id(), session, key->minisign_line(), key->key_id_hex(),
                                                   note_verifier_key(origin, *key), records->front().seq,
                                                   known_checkpoint.has_value()));
    std::string sums;
    for (const auto& [name, bytes] : files) {
        if (auto written = write_file(out / name, bytes); !written) return std::unexpected(written.error());
        sums += to_hex(sha256(bytes)) + "  " + name + "\n";
    }
    if (auto written = write_file(out / "SHA256SUMS", sums); !written) return std::unexpected(written.error());
    return ExportResult{out, proof_entries.size(), tree_size};
}

Result<ExportCheck> verify_export(const std::filesystem::path& dir, const std::optional<PublicKey>& pinned_key,
                                  const std::optional<Checkpoint>& known) {
    std::error_code missing;
    if (!std::filesystem::is_directory(dir, missing)) return fail(ErrorKind::not_found, dir.string() + ": no export there");
    PublicKey key;
    if (pinned_key) {
        key = *pinned_key;
    } else {
        auto text = read_file(dir / "kiosk.pub", 4096);
        if (!text) return std::unexpected(text.error());
        auto parsed = parse_public_key(*text);
        if (!parsed) return fail(ErrorKind::tampered, "kiosk.pub: " + parsed.error().message);
        key = *parsed;
    }
    auto checkpoint_text = read_file(dir / "checkpoint.txt", 4096);
    if (!checkpoint_text) return std::unexpected(checkpoint_text.error());
    auto checkpoint_sig = read_file(dir / "checkpoint.txt.minisig", 16384);
    if (!checkpoint_sig) return std::unexpected(checkpoint_sig.error());
    auto checkpoint = parse_checkpoint(*checkpoint_text);
    if (!checkpoint) return fail(ErrorKind::tampered, "checkpoint.txt: " + checkpoint.error().message);
    auto comment = verify_minisig(*checkpoint_text, *checkpoint_sig, key);
    if (!comment) return fail(ErrorKind::tampered, "checkpoint.txt.minisig: " + comment.error().message);
    if (*comment != checkpoint->trusted_comment())
        return fail(ErrorKind::tampered, "checkpoint.txt.minisig: its trusted comment does not describe checkpoint.txt");
    const auto tree_size = checkpoint->size;
    // The signed note is a second form of the same signature for log tooling; exports made before
    // it existed have none.
    if (std::filesystem::exists(dir / note_file)) {
        auto note = read_file(dir / note_file, 8192);
        if (!note) return std::unexpected(note.error());
        if (auto verified = verify_note(*note, *checkpoint_text, origin_of(*checkpoint_text), key); !verified)
            return fail(ErrorKind::tampered, std::string(note_file) + ": " + verified.error().message);
    }

    auto proofs_text = read_file(dir / proofs_file);
    if (!proofs_text) return std::unexpected(proofs_text.error());
    auto proofs = parse_proofs(*proofs_text, tree_size, checkpoint->root);
    if (!proofs) return std::unexpected(proofs.error());
    auto lines_text = read_file(dir / records_file);
    if (!lines_text) return std::unexpected(lines_text.error());

    ExportCheck check;
    check.kiosk = checkpoint->kiosk;
    check.tree_size = tree_size;
    check.key_id = key.key_id_hex();
    std::string_view rest = *lines_text;
    std::size_t index = 0;
    std::optional<std::uint64_t> previous_seq;
    Digest previous_hash{};
    for (; !rest.empty(); ++index) {
        auto end = rest.find('\n');
        const bool torn = end == std::string_view::npos;
        auto line = rest.substr(0, end);
        rest.remove_prefix(torn ? rest.size() : end + 1);
        const std::string name = index < proofs->size() ? "record " + std::to_string((*proofs)[index].seq)
                                                        : "line " + std::to_string(index + 1) + " of records.jsonl";
        if (index >= proofs->size()) return fail(ErrorKind::tampered, name + " has no inclusion proof (inserted)");
        const auto& entry = (*proofs)[index];
        if (torn) return fail(ErrorKind::tampered, name + ": the last line is cut off (torn write)");
        auto record = parse_record_line(line);
        if (!record) return fail(ErrorKind::tampered, name + ": " + record.error().message);
        if (record->seq != entry.seq)
            return fail(ErrorKind::tampered, name + ": the line carries seq " + std::to_string(record->seq) + " (reordered, inserted or deleted)");
        if (previous_seq && record->seq <= *previous_seq) return fail(ErrorKind::tampered, name + ": records are out of order");
        if (record->kiosk != checkpoint->kiosk)
            return fail(ErrorKind::tampered, name + ": written by kiosk '" + record->kiosk + "', not '" + checkpoint->kiosk +
                        "' (replayed from another ledger)");
        if (check.session.empty()) check.session = record->session;
        if (record->session.empty() || record->session != check.session)
            return fail(ErrorKind::tampered, name + ": belongs to session '" + record->session + "', not '" + check.session + "'");
        const Digest leaf = leaf_hash(line);
        if (leaf != entry.leaf) return fail(ErrorKind::tampered, name + ": its bytes do not match its leaf hash (changed)");
        if (auto included = verify_inclusion(leaf, entry.seq, tree_size, entry.proof, checkpoint->root); !included)
            return fail(ErrorKind::tampered, name + ": not included in signed checkpoint " + std::to_string(tree_size) + ": " +
                        included.error().message);
        if (previous_seq && *previous_seq + 1 == record->seq && record->prev != previous_hash)
            return fail(ErrorKind::tampered, name + ": does not chain to record " + std::to_string(*previous_seq));
        previous_seq = record->seq;
        previous_hash = sha256(line);
    }
    if (index < proofs->size())
        return fail(ErrorKind::tampered, "record " + std::to_string((*proofs)[index].seq) + " is missing from records.jsonl (deleted or truncated)");
    if (index == 0) return fail(ErrorKind::tampered, "records.jsonl holds no records");
    check.records = index;

    auto records_sig = read_file(dir / (std::string(records_file) + ".minisig"), 16384);
    if (!records_sig) return std::unexpected(records_sig.error());
    auto records_comment = verify_minisig(*lines_text, *records_sig, key);
    if (!records_comment)
        return fail(ErrorKind::tampered, "records.jsonl.minisig: " + records_comment.error().message);
    if (*records_comment != export_comment(check.kiosk, check.session, check.records, tree_size, checkpoint->root))
        return fail(ErrorKind::tampered, "records.jsonl.minisig: its trusted comment does not describe this export");

    if (known) {
        if (known->kiosk != checkpoint->kiosk)
            return fail(ErrorKind::tampered, "the known checkpoint is for kiosk '" + known->kiosk + "', this export for '" + checkpoint->kiosk + "'");
        if (known->size > tree_size)
            return fail(ErrorKind::tampered, "rollback: the export's checkpoint covers " + std::to_string(tree_size) +
                        " records, the known checkpoint already covered " + std::to_string(known->size));
        if (known->size == tree_size && known->root != checkpoint->root)
            return fail(ErrorKind::tampered, "fork: the export and the known checkpoint have the same size and different roots");
        if (known->size < tree_size) {
            auto text = read_file(dir / consistency_file);
            if (!text) return fail(ErrorKind::tampered, "no consistency.json to show the known checkpoint is a prefix (export with --known-checkpoint)");
            auto json = nlohmann::json::parse(*text, nullptr, false);
            if (json.is_discarded() || !json.is_object() || json.value("old_size", std::uint64_t{0}) != known->size ||
                json.value("new_size", std::uint64_t{0}) != tree_size || !json.contains("proof"))
                return fail(ErrorKind::tampered, "consistency.json is not a proof from the known checkpoint to this one");
            auto proof = digest_list(json["proof"], "consistency.json proof");
            if (!proof) return std::unexpected(proof.error());
            if (auto consistent = verify_consistency(known->size, tree_size, known->root, checkpoint->root, *proof);
                !consistent)
                return fail(ErrorKind::tampered,
                            "fork: the known checkpoint is not a prefix of this export's: " + consistent.error().message);
        }
    }
    return check;
}

}  // namespace kiosk::ledger
