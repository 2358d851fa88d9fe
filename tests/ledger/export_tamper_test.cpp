// Export bundles: the auditor's commands from README.txt pass on a good export, and the tamper
// matrix fails both in `kiosk ledger verify-export` (naming the first bad record) and in the real
// minisign and openssl where the change touches what they check.
#include <doctest/doctest.h>

#include <fstream>

#include "ledger/export.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/record.h"
#include "ledger_support.h"

using namespace kiosk;
using kiosk::test::TestLedger;
using kiosk::test::shell;

namespace {

struct Bundle {
    TestLedger t;
    std::filesystem::path dir;
    ledger::PublicKey key;
    std::vector<std::uint64_t> seqs;  // of the exported records, in order
};

void make_bundle(Bundle& b) {
    auto ledger = b.t.open();
    test::write_session(ledger, "s-1", "cand-1", 3);
    test::write_session(ledger, "s-2", "cand-2", 4);
    test::write_session(ledger, "s-3", "cand-3", 2);
    b.dir = b.t.dir / "export";
    auto result = ledger::export_session(ledger, "s-2", b.dir);
    REQUIRE(result.has_value());
    b.key = ledger.public_key().value();
    auto records = ledger.session_records("s-2").value();
    for (const auto& record : records) b.seqs.push_back(record.seq);
}

std::vector<std::string> lines_of(const std::filesystem::path& file) {
    std::vector<std::string> lines;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

void write_lines(const std::filesystem::path& file, const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    test::write_file(file, text);
}

std::string verify_error(const Bundle& b, const std::filesystem::path& dir) {
    auto check = ledger::verify_export(dir, b.key);
    return check ? std::string() : check.error().message;
}

bool minisign_ok(const Bundle& b, const std::filesystem::path& dir, const std::string& file) {
    return shell("cd " + dir.string() + " && minisign -H -Vm " + file + " -P " + b.key.minisign_line()).code == 0;
}

std::filesystem::path copy_of(const Bundle& b, const std::string& name) {
    auto dir = b.t.dir / name;
    std::filesystem::copy(b.dir, dir);
    return dir;
}

bool have_tools() { return shell("command -v minisign && command -v openssl && command -v sha256sum").code == 0; }

}  // namespace

TEST_CASE("export: a good bundle passes verify-export and every README command") {
    Bundle b;
    make_bundle(b);
    auto check = ledger::verify_export(b.dir, b.key);
    REQUIRE_MESSAGE(check.has_value(), check.error().message);
    CHECK(check->session == "s-2");
    CHECK(check->records == b.seqs.size());
    auto cli = b.t.cli({"verify-export", b.dir.string(), "--pubkey", b.key.minisign_line()});
    CHECK(cli.code == 0);
    CHECK(cli.out.find("pinned") != std::string::npos);
    auto readme = test::read_file(b.dir / "README.txt");
    CHECK(readme.find("minisign -H -Vm records.jsonl") != std::string::npos);
    CHECK(readme.find("openssl pkeyutl -verify") != std::string::npos);
    if (!have_tools()) {
        MESSAGE("skipped: minisign, openssl or sha256sum missing");
        return;
    }
    const std::string in = "cd " + b.dir.string() + " && ";
    CHECK(shell(in + "sha256sum -c SHA256SUMS").code == 0);
    CHECK(minisign_ok(b, b.dir, "checkpoint.txt"));
    CHECK(minisign_ok(b, b.dir, "records.jsonl"));
    for (std::string f : {"checkpoint.txt", "records.jsonl"}) {
        auto run = shell(in + "openssl dgst -blake2b512 -binary " + f + " > " + f + ".b2 && sed -n 2p " + f +
                         ".minisig | base64 -d | tail -c 64 > " + f + ".sig && openssl pkeyutl -verify -pubin -inkey "
                         "kiosk.pem -rawin -in " + f + ".b2 -sigfile " + f + ".sig && { tail -c 64 " + f +
                         ".sig; sed -n 3p " + f + ".minisig | cut -c18- | tr -d '\\n'; } > " + f + ".tc && sed -n 4p " + f +
                         ".minisig | base64 -d > " + f + ".tc.sig && openssl pkeyutl -verify -pubin -inkey kiosk.pem "
                         "-rawin -in " + f + ".tc -sigfile " + f + ".tc.sig");
        CHECK_MESSAGE(run.code == 0, run.out);
    }
    auto first_line = lines_of(b.dir / "records.jsonl").front();
    auto leaf = shell(in + "{ printf '\\000'; sed -n 1p records.jsonl | tr -d '\\n'; } | sha256sum");
    CHECK(leaf.out.substr(0, 64) == ledger::to_hex(ledger::leaf_hash(first_line)));
    if (shell("command -v python3").code == 0) {
        auto proofs = shell(in + "python3 verify_proofs.py");
        CHECK_MESSAGE(proofs.code == 0, proofs.out);
    }
}

TEST_CASE("export: bit flip, truncation, torn write, reorder, deletion and insertion name the first bad record") {
    Bundle b;
    make_bundle(b);
    const auto record = [&](std::size_t i) { return "record " + std::to_string(b.seqs[i]); };
    struct Case {
        const char* name;
        std::function<void(std::vector<std::string>&)> change;
        std::size_t bad;  // index in the export of the record to be named
        const char* words;
    };
    std::vector<Case> cases = {
        {"flip", [](auto& l) { l[2][l[2].find("test.check") + 2] ^= 0x01; }, 2, "changed"},
        {"truncate", [](auto& l) { l.pop_back(); l.pop_back(); }, 5, "missing"},
        {"reorder", [](auto& l) { std::swap(l[1], l[2]); }, 1, "carries seq"},
        {"delete", [](auto& l) { l.erase(l.begin() + 3); }, 3, "carries seq"},
        {"insert", [](auto& l) { l.insert(l.begin() + 2, l[1]); }, 2, "carries seq"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        auto dir = copy_of(b, c.name);
        auto lines = lines_of(dir / "records.jsonl");
        c.change(lines);
        write_lines(dir / "records.jsonl", lines);
        auto error = verify_error(b, dir);
        CHECK_MESSAGE(error.starts_with(record(c.bad)), error);
        CHECK_MESSAGE(error.find(c.words) != std::string::npos, error);
        if (have_tools()) CHECK_FALSE(minisign_ok(b, dir, "records.jsonl"));
    }
    auto torn = copy_of(b, "torn");
    auto text = test::read_file(torn / "records.jsonl");
    test::write_file(torn / "records.jsonl", text.substr(0, text.size() - 40));
    auto error = verify_error(b, torn);
    CHECK_MESSAGE(error.starts_with(record(b.seqs.size() - 1)), error);
    CHECK(error.find("torn") != std::string::npos);
    if (have_tools()) CHECK_FALSE(minisign_ok(b, torn, "records.jsonl"));
}

TEST_CASE("export: a record replayed from another kiosk is named") {
    Bundle b, other;
    make_bundle(b);
    {
        auto ledger = other.t.open("kiosk-other");
        test::write_session(ledger, "s-1", "cand-1", 3);
        test::write_session(ledger, "s-2", "cand-2", 4);
    }
    auto foreign = ledger::Ledger::open_existing(other.t.options())->record(b.seqs[1]).value().line;
    auto dir = copy_of(b, "replay");
    auto lines = lines_of(dir / "records.jsonl");
    lines[1] = foreign;
    write_lines(dir / "records.jsonl", lines);
    auto error = verify_error(b, dir);
    CHECK_MESSAGE(error.starts_with("record " + std::to_string(b.seqs[1])), error);
    CHECK(error.find("kiosk-other") != std::string::npos);
}

TEST_CASE("export: key swap, edited trusted comment and rollback fail — an edited untrusted comment passes") {
    Bundle b;
    make_bundle(b);
    // Key swap: everything re-signed with the attacker's key, which the bundle ships.
    auto swapped = copy_of(b, "swapped");
    auto attacker = ledger::SecretKey::generate();
    for (std::string f : {"checkpoint.txt", "records.jsonl"}) {
        auto old = ledger::parse_minisig(test::read_file(swapped / (f + ".minisig"))).value();
        test::write_file(swapped / (f + ".minisig"), attacker.sign(test::read_file(swapped / f), old.trusted_comment));
    }
    const auto checkpoint_text = test::read_file(swapped / "checkpoint.txt");
    const auto origin = checkpoint_text.substr(0, checkpoint_text.find('\n'));
    auto note_signature = attacker.with_secret_key(
        [&](const std::uint8_t* secret) { return ledger::ed25519_sign(secret, checkpoint_text); });
    test::write_file(swapped / "checkpoint.note",
                     checkpoint_text + "\n" + ledger::note_signature_line(origin, attacker.public_key(), note_signature));
    test::write_file(swapped / "kiosk.pub", attacker.public_key().minisign_file());
    test::write_file(swapped / "kiosk.pem", attacker.public_key().pem());
    CHECK(ledger::verify_export(swapped, std::nullopt).has_value());  // consistent with itself...
    auto error = verify_error(b, swapped);                            // ...but not with the registry's key
    CHECK_MESSAGE(error.find("not the pinned key") != std::string::npos, error);
    if (have_tools()) CHECK_FALSE(minisign_ok(b, swapped, "checkpoint.txt"));

    auto trusted = copy_of(b, "trusted");
    auto minisig = test::read_file(trusted / "checkpoint.txt.minisig");
    minisig.replace(minisig.find("kiosk=kiosk-test"), 16, "kiosk=kiosk-fake");
    test::write_file(trusted / "checkpoint.txt.minisig", minisig);
    error = verify_error(b, trusted);
    CHECK_MESSAGE(error.find("trusted comment") != std::string::npos, error);
    if (have_tools()) CHECK_FALSE(minisign_ok(b, trusted, "checkpoint.txt"));

    auto untrusted = copy_of(b, "untrusted");
    for (std::string f : {"checkpoint.txt.minisig", "records.jsonl.minisig"}) {
        auto text = test::read_file(untrusted / f);
        text.replace(0, text.find('\n'), "untrusted comment: rewritten in transit");
        test::write_file(untrusted / f, text);
    }
    error = verify_error(b, untrusted);
    CHECK_MESSAGE(error.empty(), error);
    if (have_tools()) {
        CHECK(minisign_ok(b, untrusted, "checkpoint.txt"));
        CHECK(minisign_ok(b, untrusted, "records.jsonl"));
    }

    // Rollback: the auditor already saw a newer checkpoint than this (older, validly signed) export.
    ledger::Checkpoint newer;
    auto fresh_dir = b.t.dir / "fresh";
    {
        auto ledger = b.t.open();
        test::write_session(ledger, "s-4", "cand-4", 1);
        newer = ledger.latest_checkpoint()->value().checkpoint;
        auto older = ledger::parse_checkpoint(test::read_file(b.dir / "checkpoint.txt")).value();
        auto result = ledger::export_session(ledger, "s-2", fresh_dir, older);
        REQUIRE(result.has_value());
    }
    auto rolled = ledger::verify_export(b.dir, b.key, newer);
    REQUIRE_FALSE(rolled.has_value());
    CHECK(rolled.error().message.find("rollback") != std::string::npos);
    // And the newer export proves the older checkpoint is a prefix of its own.
    auto older = ledger::parse_checkpoint(test::read_file(b.dir / "checkpoint.txt")).value();
    auto consistent = ledger::verify_export(fresh_dir, b.key, older);
    CHECK_MESSAGE(consistent.has_value(), consistent.error().message);
    auto forged = older;
    forged.root[0] ^= 1;
    CHECK_FALSE(ledger::verify_export(fresh_dir, b.key, forged).has_value());
}
