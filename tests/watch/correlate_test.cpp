// Session fingerprints (salted, never raw) and `correlate`: different subjects sharing a KVM, an
// EDID serial or a LAN neighbourhood are grouped; one subject seen twice is not.
#include <doctest/doctest.h>

#include "host/fingerprint.h"
#include "ledger/correlate.h"
#include "ledger/ledger.h"
#include "ledger/record.h"
#include "session/session.h"
#include "session/session_support.h"

using namespace kiosk;
using namespace kiosk::host;
using kiosk::ledger::SessionFingerprint;

namespace {

const std::string salt = "kiosk-deployment-salt";

Subject kvm_gadget(const std::string& serial) {
    return {"usb_device", "usb 1-1", {{"usb.has_hid_input", true}, {"usb.serial", serial}, {"usb.vid_pid", "1d6b:0104"}}};
}
Subject webcam(const std::string& serial) {
    return {"usb_device", "usb 1-2", {{"usb.has_hid_input", false}, {"usb.serial", serial}}};
}
Subject monitor(const std::string& serial) {
    return {"display", "card0-HDMI-A-1", {{"edid.manufacturer", "DEL"}, {"edid.product_code", std::int64_t{0xA0C3}}, {"edid.serial_string", serial}}};
}
Subject neighbour(const std::string& mac) { return {"neighbour", "neighbour " + mac, {{"neighbour.mac", mac}}}; }

SessionFingerprint fingerprinted(std::string id, std::string subject, const std::vector<Subject>& seen) {
    auto parsed = ledger::parse_fingerprint(std::move(id), std::move(subject), fingerprint_subjects(seen, salt));
    REQUIRE(parsed.has_value());
    return *parsed;
}

}  // namespace

TEST_CASE("A fingerprint holds salted hashes only: no serial or MAC in clear, different salt, different hashes") {
    std::vector<Subject> seen{kvm_gadget("JETKVM-7F3A2211"), webcam("CAM123456"), monitor("3S5GQ23"),
                              neighbour("dc:a6:32:aa:bb:01"),
                              {"net_interface", "net usb0", {{"net.mac", "48:DA:35:6D:01:02"}, {"net.usb_parent_has_hid", true}}}};
    auto fingerprint = fingerprint_subjects(seen, salt);
    auto text = fingerprint.dump();
    for (const char* raw : {"JETKVM-7F3A2211", "CAM123456", "3S5GQ23", "dc:a6:32", "48:da:35", "48:DA:35"})
        CHECK(text.find(raw) == std::string::npos);
    CHECK(fingerprint["kvm_usb"].size() == 1);  // the webcam has no HID input
    CHECK(fingerprint["kvm_mac"].size() == 1);
    CHECK(fingerprint["edid_serial"].size() == 1);
    CHECK(fingerprint["neighbour_mac"].size() == 1);
    CHECK(fingerprint["kvm_usb"][0] == salted_hash(salt, "usb_serial", "JETKVM-7F3A2211"));
    CHECK(fingerprint["kvm_mac"][0] == salted_hash(salt, "mac", "48:da:35:6d:01:02"));  // case does not matter
    CHECK(fingerprint_subjects(seen, "another-salt")["kvm_usb"] != fingerprint["kvm_usb"]);
    CHECK(fingerprint_subjects(seen, salt) == fingerprint);
    // A serial that names nothing ("0000") is not an identity.
    CHECK(fingerprint_subjects(std::vector<Subject>{kvm_gadget("0000")}, salt)["kvm_usb"].empty());
}

TEST_CASE("Exactly the two different subjects that share a KVM are grouped") {
    std::vector<SessionFingerprint> sessions{
        fingerprinted("s-01", "cand-A", {kvm_gadget("JETKVM-7F3A2211"), monitor("AAA1"), neighbour("02:00:00:00:00:0a")}),
        fingerprinted("s-02", "cand-B", {kvm_gadget("PICO-E6614103E7"), monitor("BBB2"), neighbour("02:00:00:00:00:0b")}),
        fingerprinted("s-03", "cand-C", {kvm_gadget("JETKVM-7F3A2211"), monitor("CCC3"), neighbour("02:00:00:00:00:0c")}),
        fingerprinted("s-04", "cand-D", {monitor("DDD4"), neighbour("02:00:00:00:00:0d")}),
        // cand-B again on another day, with the same KVM as before: the same person, not a farm.
        fingerprinted("s-05", "cand-B", {kvm_gadget("PICO-E6614103E7"), monitor("BBB2"), neighbour("02:00:00:00:00:0b")}),
    };
    auto groups = ledger::correlate(sessions);
    REQUIRE(groups.size() == 1);
    CHECK(groups[0].evidence == "kvm");
    CHECK(groups[0].sessions == std::vector<std::string>{"s-01", "s-03"});
    CHECK(groups[0].subjects == std::vector<std::string>{"cand-A", "cand-C"});
    CHECK(groups[0].shared == std::vector<std::string>{salted_hash(salt, "usb_serial", "JETKVM-7F3A2211")});
    auto json = ledger::to_json(groups[0]);
    CHECK(json["evidence"] == "kvm");
    CHECK(json["sessions"].size() == 2);
}

TEST_CASE("One subject seen in several sessions is never a group") {
    std::vector<SessionFingerprint> sessions{
        fingerprinted("s-1", "cand-A", {kvm_gadget("X1Y2Z3"), monitor("M1"), neighbour("02:00:00:00:00:01"), neighbour("02:00:00:00:00:02")}),
        fingerprinted("s-2", "cand-A", {kvm_gadget("X1Y2Z3"), monitor("M1"), neighbour("02:00:00:00:00:01"), neighbour("02:00:00:00:00:02")}),
    };
    CHECK(ledger::correlate(sessions).empty());
}

TEST_CASE("A shared EDID serial and a shared neighbourhood link sessions — one shared router does not") {
    std::vector<Subject> farm{neighbour("02:00:00:00:00:01"), neighbour("dc:a6:32:aa:bb:01"), neighbour("02:00:00:00:00:99")};
    std::vector<SessionFingerprint> sessions{
        fingerprinted("s-1", "cand-A", {monitor("T8NEE0038522"), neighbour("02:00:00:00:00:01"), neighbour("dc:a6:32:aa:bb:01")}),
        fingerprinted("s-2", "cand-B", {monitor("T8NEE0038522"), neighbour("02:00:00:00:00:05")}),
        fingerprinted("s-3", "cand-C", farm),
        // An office hire shares only the router (02:..:01) with the others.
        fingerprinted("s-4", "cand-D", {neighbour("02:00:00:00:00:01"), neighbour("02:00:00:00:00:44")}),
    };
    auto groups = ledger::correlate(sessions);
    REQUIRE(groups.size() == 2);
    CHECK(groups[0].evidence == "edid_serial");
    CHECK(groups[0].sessions == std::vector<std::string>{"s-1", "s-2"});
    CHECK(groups[1].evidence == "neighbourhood");
    CHECK(groups[1].sessions == std::vector<std::string>{"s-1", "s-3"});
    CHECK(groups[1].shared.size() == 2);
    // Lowering the bar to one shared neighbour pulls the office hire in: the default guards that.
    auto loose = ledger::correlate(sessions, {.min_shared_neighbours = 1});
    REQUIRE(loose.size() == 2);
    CHECK(loose[1].sessions == std::vector<std::string>{"s-1", "s-3", "s-4"});
}

TEST_CASE("A fingerprint body from the ledger that is not lists of hashes is one clear error") {
    auto bad = [](const nlohmann::json& body) {
        auto parsed = ledger::parse_fingerprint("s-9", "cand-Z", body);
        REQUIRE_FALSE(parsed.has_value());
        return parsed.error().message;
    };
    CHECK(bad(nlohmann::json::array()) == "session s-9: fingerprint is not a JSON object");
    CHECK(bad({{"version", 2}}) == "session s-9: fingerprint has no supported version");
    CHECK(bad({{"version", 1}, {"kvm_usb", "abc"}}) == "session s-9: fingerprint 'kvm_usb' is not a list of hashes");
    CHECK(bad({{"version", 1}, {"kvm_mac", {"JETKVM-7F3A2211"}}}) ==
          "session s-9: fingerprint 'kvm_mac' holds something other than a SHA-256 hex hash");
    CHECK(ledger::parse_fingerprint("s-9", "cand-Z", {{"version", 1}}).has_value());
}

TEST_CASE("kiosk ledger correlate on a ledger: of four subjects, exactly the two sharing a KVM are listed") {
    test::TempDir dir;
    std::vector<std::string> ids;
    {
        auto store = test::scratch_ledger(dir.path(), "kiosk-test");
        const std::vector<std::pair<std::string, std::vector<Subject>>> hires{
            {"cand-A", {kvm_gadget("JETKVM-7F3A2211"), neighbour("02:00:00:00:00:0a")}},
            {"cand-B", {kvm_gadget("PICO-E6614103E7"), neighbour("02:00:00:00:00:0b")}},
            {"cand-C", {kvm_gadget("JETKVM-7F3A2211"), neighbour("02:00:00:00:00:0c")}},
            {"cand-D", {monitor("DDD4")}},
            {"cand-B", {kvm_gadget("PICO-E6614103E7"), neighbour("02:00:00:00:00:0b")}},
        };
        for (const auto& [subject, seen] : hires) {
            auto run = session::Session::start(store, {session::Workflow::handoff, "it-1", subject, {}});
            REQUIRE(run.has_value());
            REQUIRE(run->record_fingerprint(fingerprint_subjects(seen, salt)).has_value());
            ids.push_back(run->id());
        }
    }
    auto run = test::kiosk({"ledger", "correlate", "--json", "--data-dir", dir.path().string()});
    CHECK(run.code == 1);
    auto document = nlohmann::json::parse(run.out);
    CHECK(document["sessions_with_fingerprints"] == 5);
    REQUIRE(document["groups"].size() == 1);
    const auto& group = document["groups"][0];
    CHECK(group["evidence"] == "kvm");
    CHECK(group["subjects"] == nlohmann::json::array({"cand-A", "cand-C"}));
    std::vector<std::string> expected{ids[0], ids[2]};
    std::sort(expected.begin(), expected.end());
    CHECK(group["sessions"] == nlohmann::json(expected));
    CHECK(run.out.find("JETKVM") == std::string::npos);  // only salted hashes ever reach the ledger
}

TEST_CASE("kiosk ledger correlate without a ledger is one clear error, exit 2") {
    test::TempDir dir;
    auto run = test::kiosk({"ledger", "correlate", "--data-dir", (dir / "none").string()});
    CHECK(run.code == 2);
    CHECK(run.out.empty());
    CHECK(run.err.starts_with("kiosk ledger correlate: "));
}

TEST_CASE("Fingerprints read from a ledger full of other records give the same sessions and groups") {
    test::TempDir dir;
    auto store = test::scratch_ledger(dir.path(), "kiosk-test");
    // Every other record carries a fingerprint-shaped body sharing one KVM hash: read as a
    // fingerprint, it would link every subject with every other.
    const nlohmann::json decoy = {{"version", 1}, {"kvm_usb", {salted_hash(salt, "usb_serial", "DECOY-KVM")}}};
    const std::vector<std::pair<std::string, std::vector<std::vector<Subject>>>> hires{
        {"cand-A", {{kvm_gadget("JETKVM-7F3A2211")}, {neighbour("02:00:00:00:00:0a")}}},  // two records, merged
        {"cand-B", {{kvm_gadget("PICO-E6614103E7"), neighbour("02:00:00:00:00:0b")}}},
        {"cand-E", {}},  // no fingerprint at all
        {"cand-C", {{kvm_gadget("JETKVM-7F3A2211"), neighbour("02:00:00:00:00:0c")}}},
        {"cand-D", {{monitor("DDD4")}}},
    };
    std::vector<SessionFingerprint> expected;
    for (std::size_t i = 0; i < hires.size(); ++i) {
        const auto& [subject, fingerprints] = hires[i];
        const std::string id = "s-" + std::to_string(i);
        std::vector<ledger::NewRecord> batch{{std::string(ledger::record_type::session_start), id,
                                              {{"workflow", "handoff"}, {"subject", subject}, {"operator", "it-1"}}}};
        std::vector<Subject> seen;
        for (const auto& part : fingerprints) {
            for (int n = 0; n < 100; ++n) batch.push_back({std::string(ledger::record_type::check), id, decoy});
            batch.push_back({std::string(ledger::record_type::fingerprint), id, fingerprint_subjects(part, salt)});
            seen.insert(seen.end(), part.begin(), part.end());
        }
        for (int n = 0; n < 100; ++n) batch.push_back({std::string(ledger::record_type::step), id, {{"fingerprint", decoy}}});
        batch.push_back({std::string(ledger::record_type::session_end), id, {{"outcome", "completed"}}});
        REQUIRE(store.append_batch(batch).has_value());
        if (!fingerprints.empty()) expected.push_back(fingerprinted(id, subject, seen));
    }
    REQUIRE(store.size().value() > 500);

    auto read = ledger::session_fingerprints(store);
    REQUIRE_MESSAGE(read.has_value(), (read ? "" : read.error().message));
    REQUIRE(read->size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        CHECK((*read)[i].session == expected[i].session);
        CHECK((*read)[i].subject == expected[i].subject);
        CHECK((*read)[i].hashes == expected[i].hashes);
    }
    auto groups = ledger::correlate(*read);
    REQUIRE(groups.size() == 1);
    CHECK(groups[0].evidence == "kvm");
    CHECK(groups[0].sessions == std::vector<std::string>{"s-0", "s-3"});
    CHECK(groups[0].shared == std::vector<std::string>{salted_hash(salt, "usb_serial", "JETKVM-7F3A2211")});
}
