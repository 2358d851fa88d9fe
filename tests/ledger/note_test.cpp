// The checkpoint as a C2SP signed note: the Go sumdb/note reference vector (Ed25519 is
// deterministic, so our signature must match it byte for byte), and the note in an export.
#include <doctest/doctest.h>

#include "core/exit_code.h"
#include "ledger/note.h"
#include "ledger_support.h"

using namespace kiosk;
using kiosk::test::TestLedger;

namespace {

// golang.org/x/mod/sumdb/note's documented example key and note.
constexpr std::string_view go_signer_key = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";  // 0x01 || seed
constexpr std::string_view go_verifier_key = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view go_text =
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
constexpr std::string_view go_signature_line =
    "\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

ledger::SecretKey go_key() {
    auto bytes = ledger::from_base64(go_signer_key);
    REQUIRE(bytes.has_value());
    REQUIRE(bytes->size() == 33);
    std::array<std::uint8_t, 32> seed{};
    std::copy(bytes->begin() + 1, bytes->end(), seed.begin());
    return ledger::SecretKey::from_seed(seed);
}

}  // namespace

TEST_CASE("note: our signed note matches the Go sumdb/note reference vector") {
    auto key = go_key();
    CHECK(ledger::note_verifier_key("PeterNeumann", key.public_key()) == go_verifier_key);
    auto signature = key.with_secret_key([](const std::uint8_t* secret) { return ledger::ed25519_sign(secret, go_text); });
    CHECK(ledger::note_signature_line("PeterNeumann", key.public_key(), signature) == go_signature_line);
    const std::string note = std::string(go_text) + "\n" + std::string(go_signature_line);
    CHECK(ledger::verify_note(note, go_text, "PeterNeumann", key.public_key()).has_value());

    std::string edited = note;
    edited[3] = 'X';
    CHECK_FALSE(ledger::verify_note(edited, edited.substr(0, go_text.size()), "PeterNeumann", key.public_key()).has_value());
    CHECK_FALSE(ledger::verify_note(note, go_text, "EnochRoot", key.public_key()).has_value());
    auto other = ledger::SecretKey::from_seed({});
    auto wrong_key = ledger::verify_note(note, go_text, "PeterNeumann", other.public_key());
    REQUIRE_FALSE(wrong_key.has_value());
    CHECK(wrong_key.error().message.find("another key") != std::string::npos);
}

TEST_CASE("note: an export carries its checkpoint as a signed note and verify-export checks it") {
    TestLedger t;
    auto ledger = t.open();
    auto session = test::write_session(ledger, "s-note", "cand-1", 2);
    test::TempDir out;
    auto exported = t.cli({"export", session, "--out", out.path().string()});
    REQUIRE_MESSAGE(exported.code == 0, exported.err);
    const auto text = test::read_file(out / "checkpoint.txt");
    const auto note = test::read_file(out / "checkpoint.note");
    const auto origin = text.substr(0, text.find('\n'));
    CHECK(origin == "kiosk-test/kiosk-log/v1");
    CHECK(note.starts_with(text + "\n\xE2\x80\x94 " + origin + " "));
    auto key = ledger.public_key();
    REQUIRE(key.has_value());
    CHECK(ledger::verify_note(note, text, origin, *key).has_value());
    CHECK(test::read_file(out / "README.txt").find(ledger::note_verifier_key(origin, *key)) != std::string::npos);
    CHECK(t.cli({"verify-export", out.path().string()}).code == 0);

    // A note whose signature line was swapped for another key's is refused.
    auto attacker = ledger::SecretKey::from_seed({});
    auto forged = attacker.with_secret_key([&](const std::uint8_t* secret) { return ledger::ed25519_sign(secret, text); });
    test::write_file(out / "checkpoint.note", text + "\n" + ledger::note_signature_line(origin, attacker.public_key(), forged));
    auto refused = t.cli({"verify-export", out.path().string()});
    CHECK(refused.code == kiosk::exit_tampered);
    CHECK(refused.err.find("checkpoint.note") != std::string::npos);
}
