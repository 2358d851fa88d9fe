#include <doctest/doctest.h>

#include "ledger/minisign.h"
#include "ledger_support.h"

using namespace kiosk::ledger;
using kiosk::test::shell;

namespace {

std::array<std::uint8_t, 32> seed(std::uint8_t fill) {
    std::array<std::uint8_t, 32> bytes;
    bytes.fill(fill);
    return bytes;
}

bool have(const char* tool) { return shell(std::string("command -v ") + tool).code == 0; }

}  // namespace

TEST_CASE("minisign: our signatures verify with our verifier and fail on any change") {
    auto key = SecretKey::from_seed(seed(1));
    auto signature = key.sign("hello ledger\n", "kiosk-log v1 size=3");
    auto comment = verify_minisig("hello ledger\n", signature, key.public_key());
    REQUIRE(comment.has_value());
    CHECK(*comment == "kiosk-log v1 size=3");
    CHECK_FALSE(verify_minisig("hello ledger!\n", signature, key.public_key()).has_value());
    auto edited = signature;
    edited.replace(edited.find("size=3"), 6, "size=4");
    CHECK(verify_minisig("hello ledger\n", edited, key.public_key()).error().message.find("trusted comment") !=
          std::string::npos);
    auto untrusted = signature;
    untrusted.replace(0, untrusted.find('\n'), "untrusted comment: anyone may write here");
    CHECK(verify_minisig("hello ledger\n", untrusted, key.public_key()).has_value());
    auto other = SecretKey::from_seed(seed(2));
    CHECK(verify_minisig("hello ledger\n", signature, other.public_key()).error().message.find("not the pinned key") !=
          std::string::npos);
}

TEST_CASE("minisign: key files round-trip and a damaged secret key is refused") {
    auto key = SecretKey::generate();
    auto parsed = SecretKey::parse_file(key.file_text());
    REQUIRE(parsed.has_value());
    CHECK(parsed->public_key() == key.public_key());
    auto text = key.file_text();
    text[text.size() - 10] = text[text.size() - 10] == 'A' ? 'B' : 'A';
    CHECK_FALSE(SecretKey::parse_file(text).has_value());
    auto public_key = parse_public_key(key.public_key().minisign_file());
    REQUIRE(public_key.has_value());
    CHECK(*public_key == key.public_key());
    CHECK(parse_public_key(key.public_key().minisign_line()).has_value());
    CHECK_FALSE(parse_public_key("RWQ").has_value());
    CHECK(key.public_key().key_id_hex().size() == 16);
}

TEST_CASE("minisign: the real minisign verifies our signatures and we verify its (oracle)") {
    if (!have("minisign")) {
        MESSAGE("skipped: minisign is not installed");
        return;
    }
    kiosk::test::TempDir dir;
    auto key = SecretKey::generate();
    kiosk::test::write_file(dir / "data.txt", "some records\n");
    kiosk::test::write_file(dir / "data.txt.minisig", key.sign("some records\n", "trusted words"));
    const std::string verify = "cd " + dir.path().string() + " && minisign -H -Vm data.txt -P " + key.public_key().minisign_line();
    auto good = shell(verify);
    CHECK(good.code == 0);
    CHECK(good.out.find("Trusted comment: trusted words") != std::string::npos);
    kiosk::test::write_file(dir / "data.txt", "some records!\n");
    CHECK(shell(verify).code != 0);

    // Its own key, generated unencrypted, is readable by us, and what it signs we verify.
    REQUIRE(shell("cd " + dir.path().string() + " && minisign -G -W -p m.pub -s m.key").code == 0);
    auto theirs = SecretKey::parse_file(kiosk::test::read_file(dir / "m.key"));
    REQUIRE(theirs.has_value());
    auto their_public = parse_public_key(kiosk::test::read_file(dir / "m.pub"));
    REQUIRE(their_public.has_value());
    CHECK(theirs->public_key() == *their_public);
    REQUIRE(shell("cd " + dir.path().string() + " && minisign -S -s m.key -m data.txt -t 'from minisign'").code == 0);
    auto comment = verify_minisig("some records!\n", kiosk::test::read_file(dir / "data.txt.minisig"), *their_public);
    REQUIRE(comment.has_value());
    CHECK(*comment == "from minisign");
    // And minisign signs with the key file we write.
    kiosk::test::write_file(dir / "k.key", key.file_text());
    REQUIRE(shell("cd " + dir.path().string() + " && minisign -S -s k.key -m data.txt -x k.minisig -t x").code == 0);
    CHECK(verify_minisig("some records!\n", kiosk::test::read_file(dir / "k.minisig"), key.public_key()).has_value());
    // A legacy (non-prehashed) signature is refused, as minisign -H does.
    REQUIRE(shell("cd " + dir.path().string() + " && minisign -S -l -s k.key -m data.txt -x legacy.minisig").code == 0);
    auto legacy = verify_minisig("some records!\n", kiosk::test::read_file(dir / "legacy.minisig"), key.public_key());
    REQUIRE_FALSE(legacy.has_value());
    CHECK(legacy.error().message.find("legacy") != std::string::npos);
}

TEST_CASE("minisign: openssl verifies the same signature and trusted comment from the PEM key (oracle)") {
    if (!have("openssl")) {
        MESSAGE("skipped: openssl is not installed");
        return;
    }
    kiosk::test::TempDir dir;
    auto key = SecretKey::generate();
    kiosk::test::write_file(dir / "F", "checkpoint text\n");
    kiosk::test::write_file(dir / "F.minisig", key.sign("checkpoint text\n", "kiosk-log v1 kiosk=a size=9"));
    kiosk::test::write_file(dir / "kiosk.pem", key.public_key().pem());
    const std::string in = "cd " + dir.path().string() + " && ";
    const std::string file_check =
        in + "openssl dgst -blake2b512 -binary F > F.b2 && sed -n 2p F.minisig | base64 -d | tail -c 64 > F.sig && "
             "openssl pkeyutl -verify -pubin -inkey kiosk.pem -rawin -in F.b2 -sigfile F.sig";
    const std::string comment_check =
        in + "{ tail -c 64 F.sig; sed -n 3p F.minisig | cut -c18- | tr -d '\\n'; } > F.tc && "
             "sed -n 4p F.minisig | base64 -d > F.tc.sig && "
             "openssl pkeyutl -verify -pubin -inkey kiosk.pem -rawin -in F.tc -sigfile F.tc.sig";
    auto good = shell(file_check);
    CHECK(good.code == 0);
    CHECK(good.out.find("Signature Verified Successfully") != std::string::npos);
    CHECK(shell(comment_check).code == 0);
    auto der_key = shell(in + "openssl pkey -pubin -in kiosk.pem -outform DER | tail -c 32 | base64");
    CHECK(der_key.out == kiosk::ledger::to_base64(std::string(reinterpret_cast<const char*>(key.public_key().key.data()), 32)) + "\n");
    kiosk::test::write_file(dir / "F", "checkpoint text!\n");
    CHECK(shell(file_check).code != 0);
    auto minisig = kiosk::test::read_file(dir / "F.minisig");
    minisig.replace(minisig.find("size=9"), 6, "size=8");
    kiosk::test::write_file(dir / "F.minisig", minisig);
    CHECK(shell(comment_check).code != 0);
}
