#include "ledger/audit_readme.h"

namespace kiosk::ledger::audit {

const std::string_view verify_proofs_script = R"py(#!/usr/bin/env python3
# Recomputes every record's Merkle leaf and RFC 9162 inclusion proof and compares the result with
# the root in checkpoint.txt. Standard library only. Exit 0: all included; 1: something is not.
import base64, hashlib, json, sys

def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()

def root_from_proof(leaf, index, size, proof):
    if index >= size:
        raise ValueError("index outside the tree")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ValueError("proof too long")
        if fn & 1 or fn == sn:
            r = node(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("proof too short")
    return r

checkpoint = open("checkpoint.txt", "rb").read().split(b"\n")
size, root = int(checkpoint[1]), base64.b64decode(checkpoint[2])
proofs = json.load(open("proofs.json"))
lines = open("records.jsonl", "rb").read().split(b"\n")[:-1]
ok = len(lines) == len(proofs["records"]) and proofs["tree_size"] == size
for line, entry in zip(lines, proofs["records"]):
    leaf = hashlib.sha256(b"\x00" + line).digest()
    try:
        good = leaf.hex() == entry["leaf"] and root_from_proof(
            leaf, entry["seq"], size, [bytes.fromhex(h) for h in entry["proof"]]) == root
    except ValueError:
        good = False
    print("record %d: %s" % (entry["seq"], "included" if good else "NOT INCLUDED"))
    ok = ok and good
print("all records are in the signed checkpoint" if ok else "FAILED")
sys.exit(0 if ok else 1)
)py";

std::string readme(std::string_view kiosk, std::string_view session, std::string_view public_key_line,
                   std::string_view key_id, std::string_view note_verifier_key, std::uint64_t first_seq,
                   bool has_consistency) {
    const std::string key(public_key_line);
    std::string text =
        "Kiosk ledger export\n"
        "===================\n\n"
        "Kiosk:   " + std::string(kiosk) + "\n"
        "Session: " + std::string(session) + "\n"
        "Key id:  " + std::string(key_id) + "  (minisign public key " + key + ")\n\n"
        "Take the kiosk's public key from your HR/IT key registry, not from this folder: kiosk.pub and\n"
        "kiosk.pem are here for convenience and prove nothing on their own. Below, KEY stands for the\n"
        "registry's base64 key line. Run every command inside this folder; each prints an OK or exits 0.\n\n"
        "Files\n-----\n"
        "records.jsonl          the session's records, one JSON object per line, exact bytes as signed\n"
        "records.jsonl.minisig  minisign signature of records.jsonl (trusted comment: kiosk, session,\n"
        "                       record count, tree size and root of the checkpoint below)\n"
        "checkpoint.txt         the signed checkpoint: kiosk/kiosk-log/v1, tree size, base64 Merkle root,\n"
        "                       hash of the previous checkpoint, time\n"
        "checkpoint.txt.minisig its minisign signature\n"
        "checkpoint.note        checkpoint.txt as a C2SP signed note (tlog-checkpoint), the same key signing\n"
        "                       the text itself, for transparency-log tools and witnesses\n"
        "proofs.json            per record: seq, Merkle leaf, SHA-256 of the line, RFC 9162 inclusion proof\n"
        "verify_proofs.py       recomputes the proofs (Python standard library only)\n"
        "kiosk.pub, kiosk.pem   the public key as minisign and as PEM (for openssl)\n"
        "SHA256SUMS             sha256sum of every file above\n";
    if (has_consistency)
        text += "consistency.json       RFC 9162 proof that your last known checkpoint is a prefix of this one\n";
    text +=
        "\n1. Nothing in the folder changed in transit\n"
        "   sha256sum -c SHA256SUMS\n\n"
        "2. The key here is the registry's key\n"
        "   head -2 kiosk.pub | tail -1          # must print exactly KEY\n\n"
        "3. Signatures (minisign; -H refuses legacy non-prehashed signatures)\n"
        "   minisign -H -Vm checkpoint.txt -x checkpoint.txt.minisig -P KEY\n"
        "   minisign -H -Vm records.jsonl -x records.jsonl.minisig -P KEY\n"
        "   Both print \"Signature and comment signature verified\" and the trusted comment.\n"
        "   For C2SP signed-note tools (e.g. Go's golang.org/x/mod/sumdb/note), checkpoint.note verifies\n"
        "   with the verifier key " + std::string(note_verifier_key) + "\n"
        "   (its key is the same Ed25519 key as KEY: compare the last 32 bytes of both, base64-decoded).\n\n"
        "4. The same signatures with openssl (an independent implementation)\n"
        "   minisign signs the BLAKE2b-512 hash of the file with Ed25519, then signs the signature\n"
        "   followed by the trusted comment. For F in checkpoint.txt and records.jsonl:\n"
        "   openssl dgst -blake2b512 -binary F > F.b2\n"
        "   sed -n 2p F.minisig | base64 -d | tail -c 64 > F.sig\n"
        "   openssl pkeyutl -verify -pubin -inkey kiosk.pem -rawin -in F.b2 -sigfile F.sig\n"
        "   { tail -c 64 F.sig; sed -n 3p F.minisig | cut -c18- | tr -d '\\n'; } > F.tc\n"
        "   sed -n 4p F.minisig | base64 -d > F.tc.sig\n"
        "   openssl pkeyutl -verify -pubin -inkey kiosk.pem -rawin -in F.tc -sigfile F.tc.sig\n"
        "   Each pkeyutl prints \"Signature Verified Successfully\". kiosk.pem holds the same key:\n"
        "   openssl pkey -pubin -in kiosk.pem -outform DER | tail -c 32 | base64   # = last 32 bytes of KEY\n"
        "   echo KEY | base64 -d | tail -c 32 | base64\n\n"
        "5. Each record is in the signed tree (leaf = SHA-256 of 0x00 and the line; the record after\n"
        "   record N names SHA-256 of line N as its \"prev\")\n"
        "   sed -n 1p records.jsonl | tr -d '\\n' | sha256sum                   # = line_sha256 of the first entry in proofs.json\n"
        "   { printf '\\000'; sed -n 1p records.jsonl | tr -d '\\n'; } | sha256sum  # = its leaf\n"
        "   python3 verify_proofs.py                                           # every record: included\n\n"
        "6. Read it\n"
        "   jq . records.jsonl        (or: python3 -m json.tool --json-lines records.jsonl)\n"
        "   Record seq numbers count from 0 and are the Merkle leaf indexes; the first here is " +
        std::to_string(first_seq) + ".\n"
        "   The automated recommendation (session.recommendation) and the human decision\n"
        "   (session.decision: who, when, reason for an override) are separate records.\n\n"
        "7. No rollback or fork: keep the last checkpoint.txt you accepted from this kiosk. This export's\n"
        "   tree size must not be smaller; with the same size the root must be the same; when it is\n"
        "   larger, ask for an export made with --known-checkpoint (consistency.json) and run\n"
        "   kiosk ledger verify-export . --known-checkpoint YOUR/checkpoint.txt --pubkey KEY\n"
        "   which also checks everything above in one go.\n";
    return text;
}

}  // namespace kiosk::ledger::audit
