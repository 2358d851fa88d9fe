// A session's export bundle for HR and auditors, checkable with minisign, openssl and sha256sum:
//
//   DIR/records.jsonl            the session's record lines, exact bytes, one per line
//   DIR/records.jsonl.minisig    signature; trusted comment names kiosk, session, seqs, tree size, root
//   DIR/proofs.json              for each record: seq, leaf hash, RFC 9162 inclusion proof
//   DIR/checkpoint.txt(.minisig) the signed checkpoint the proofs lead to
//   DIR/consistency.json         (with --known-checkpoint) proof the known tree is a prefix
//   DIR/kiosk.pub, DIR/kiosk.pem the public key (minisign form; SPKI PEM for openssl)
//   DIR/SHA256SUMS, DIR/README.txt
#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "core/result.h"
#include "ledger/checkpoint.h"
#include "ledger/ledger.h"

namespace kiosk::ledger {

struct ExportResult {
    std::filesystem::path dir;
    std::uint64_t records = 0;
    std::uint64_t tree_size = 0;
};

// Writes the bundle into `out` (created; must be empty or absent). Signs a fresh checkpoint when
// the latest one does not cover the session's last record.
Result<ExportResult> export_session(Ledger& ledger, std::string_view session, const std::filesystem::path& out,
                                    const std::optional<Checkpoint>& known_checkpoint = std::nullopt);

struct ExportCheck {
    std::string session;
    std::string kiosk;
    std::uint64_t records = 0;
    std::uint64_t tree_size = 0;
    std::string key_id;
};

// Verifies a bundle: signatures with `pinned_key` (else the bundle's kiosk.pub), every record's
// inclusion in the signed checkpoint, chain links between consecutive records, one kiosk and one
// session, and (with `known`) no rollback or fork against the auditor's last checkpoint.
// Errors name the first bad record ("record 12: …").
Result<ExportCheck> verify_export(const std::filesystem::path& dir, const std::optional<PublicKey>& pinned_key,
                                  const std::optional<Checkpoint>& known = std::nullopt);

}  // namespace kiosk::ledger
