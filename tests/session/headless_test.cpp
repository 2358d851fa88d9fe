// `kiosk session run` end to end: every step either ran or says why not, the ledger verifies, and
// nothing pictorial is stored.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ledger/ledger.h"
#include "ledger/record.h"
#include "ledger/verify.h"
#include "support.h"

using namespace kiosk;

namespace {

struct Kiosk {
    test::TempDir dir;
    Kiosk() { test::write_file(dir / "kiosk.toml", "[kiosk]\nid = \"kiosk-h\"\n"); }
    test::Run session(std::vector<std::string> args) {
        args.insert(args.begin(), {"session", "run"});
        args.insert(args.end(), {"--config", (dir / "kiosk.toml").string(), "--data-dir", (dir / "data").string()});
        return test::kiosk(args);
    }
    ledger::Ledger ledger() {
        ledger::LedgerOptions options;
        options.data_dir = dir / "data";
        options.kiosk_id = "kiosk-h";
        return std::move(ledger::Ledger::open_existing(options).value());
    }
    std::vector<ledger::Record> records() {
        auto l = ledger();
        std::vector<ledger::Record> out;
        auto stored_records = l.records(0, *l.size()).value();
        for (const auto& stored : stored_records) out.push_back(ledger::parse_record_line(stored.line).value());
        return out;
    }
};

const nlohmann::json* step(const nlohmann::json& result, std::string_view id) {
    for (const auto& s : result["steps"])
        if (s["step"] == id) return &s;
    return nullptr;
}

// A short clip made at test time (no face in it): the analysis runs and finds no usable face.
std::optional<std::filesystem::path> clip(const test::TempDir& dir) {
    auto path = dir / "clip.mp4";
    std::string command = "ffmpeg -loglevel error -y -f lavfi -i testsrc=duration=2:size=320x240:rate=15 -pix_fmt yuv420p " +
                          path.string() + " >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0) return std::nullopt;
    return path;
}

}  // namespace

TEST_CASE("headless: a handoff on a fixture machine records every step, skipped ones with their reason") {
    Kiosk k;
    auto run = k.session({"--workflow", "handoff", "--root", (test::fixtures() / "host" / "laptop").string(),
                          "--operator", "it-7", "--subject", "hire-123", "--json"});
    REQUIRE_MESSAGE(run.code != 2, run.err);
    auto result = nlohmann::json::parse(run.out);
    CHECK(result["steps"].size() == 4);
    for (auto id : {"host_inspection", "camera_authenticity", "liveness", "it_signoff"}) {
        CAPTURE(id);
        const auto* s = step(result, id);
        REQUIRE(s);
        CHECK_FALSE((*s)["reason"].get<std::string>().empty());
    }
    CHECK((*step(result, "liveness"))["status"] == "skipped");
    CHECK((*step(result, "it_signoff"))["status"] == "skipped");
    CHECK(result["recommendation"]["verdict"] == "review");  // skipped steps never pass
    CHECK(result["decision"].is_null());
    CHECK(run.code == 1);
    auto ledger = k.ledger();
    auto report = ledger::verify_ledger(ledger);
    CHECK_MESSAGE(report.ok, report.problem);
    auto summary = ledger.session(result["session"].get<std::string>()).value().value();
    CHECK(summary.status == ledger::SessionStatus::complete);
    CHECK(summary.subject == "hire-123");
    auto records = k.records();
    auto start = std::find_if(records.begin(), records.end(), [](auto& r) { return r.type == "session.start"; });
    REQUIRE(start != records.end());
    for (auto key : {"binary", "config", "rules", "models"}) CHECK(start->body["provenance"].contains(key));
}

TEST_CASE("headless: a confirmed and an overridden decision are recorded apart from the recommendation") {
    Kiosk k;
    auto root = (test::fixtures() / "host" / "laptop").string();
    auto confirmed = k.session({"--workflow", "handoff", "--root", root, "--operator", "it-7", "--subject", "hire-1",
                                "--decision", "confirm", "--json"});
    REQUIRE_MESSAGE(confirmed.code != 2, confirmed.err);
    CHECK(nlohmann::json::parse(confirmed.out)["decision"] == "review");
    auto overridden = k.session({"--workflow", "handoff", "--root", root, "--operator", "it-7", "--subject", "hire-2",
                                 "--decision", "override", "--verdict", "pass", "--reason", "checked by hand", "--json"});
    REQUIRE_MESSAGE(overridden.code == 0, overridden.err);
    auto json = nlohmann::json::parse(overridden.out);
    CHECK(json["recommendation"]["verdict"] == "review");
    CHECK(json["decision"] == "pass");
    CHECK(k.session({"--workflow", "handoff", "--operator", "a", "--subject", "b", "--decision", "override"}).code == 2);
    CHECK(k.session({"--workflow", "lunch", "--operator", "a", "--subject", "b"}).code == 2);
    CHECK(k.session({"--workflow", "handoff", "--subject", "b"}).code == 2);
}

TEST_CASE("headless: an interview without consent never analyses the video — with consent it does") {
    Kiosk k;
    auto video = clip(k.dir);
    if (!video) {
        MESSAGE("skipped: ffmpeg could not make a test clip");
        return;
    }
    auto refused = k.session({"--workflow", "interview", "--source", video->string(), "--operator", "rec-1",
                              "--subject", "cand-1", "--json"});
    REQUIRE_MESSAGE(refused.code != 2, refused.err);
    auto without = nlohmann::json::parse(refused.out);
    CHECK((*step(without, "consent"))["status"] == "skipped");
    CHECK((*step(without, "deepfake_analysis"))["status"] == "skipped");
    CHECK((*step(without, "deepfake_analysis"))["reason"].get<std::string>().find("no consent") != std::string::npos);
    CHECK((*step(without, "challenges"))["status"] == "skipped");

    auto consented = k.session({"--workflow", "interview", "--source", video->string(), "--operator", "rec-1",
                                "--subject", "cand-2", "--consent", "--json"});
    REQUIRE_MESSAGE(consented.code != 2, consented.err);
    auto with = nlohmann::json::parse(consented.out);
    CHECK((*step(with, "consent"))["status"] == "ran");
    CHECK((*step(with, "source_authenticity"))["status"] == "ran");
    const auto& analysis = *step(with, "deepfake_analysis");
    MESSAGE("deepfake_analysis: " << analysis["status"].get<std::string>() << " - " << analysis["reason"].get<std::string>());
    CHECK_FALSE(analysis["reason"].get<std::string>().empty());
    // The consent record precedes any record of the analysis.
    auto records = k.records();
    std::optional<std::size_t> consent_at, analysis_at;
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (records[i].session != with["session"]) continue;
        if (records[i].type == "session.consent") consent_at = i;
        if (records[i].type == "session.step" && records[i].body["step"] == "deepfake_analysis") analysis_at = i;
    }
    REQUIRE(consent_at);
    REQUIRE(analysis_at);
    CHECK(*consent_at < *analysis_at);
}

TEST_CASE("headless: a network source that never sends gives up after camera.timeout_seconds") {
    // A listening socket that accepts (in the kernel's backlog) and never answers.
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listener >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), length) == 0);
    REQUIRE(::listen(listener, 4) == 0);
    REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    const auto url = "tcp://127.0.0.1:" + std::to_string(ntohs(address.sin_port));

    Kiosk k;
    test::write_file(k.dir / "kiosk.toml", "[kiosk]\nid = \"kiosk-h\"\n[camera]\ntimeout_seconds = 1\n");
    auto run = k.session({"--workflow", "interview", "--source", url, "--operator", "rec-1", "--subject", "cand-1",
                          "--consent", "--json"});
    ::close(listener);
    REQUIRE_MESSAGE(run.code != 2, run.err);
    const auto result = nlohmann::json::parse(run.out);
    const auto& analysis = *step(result, "deepfake_analysis");
    CHECK(analysis["status"] == "skipped");
    CHECK_MESSAGE(analysis["reason"].get<std::string>().find("no answer within 1 s") != std::string::npos,
                  analysis["reason"]);
}

TEST_CASE("headless: by default the ledger holds no images, video or face data") {
    Kiosk k;
    auto video = clip(k.dir);
    if (!video) {
        MESSAGE("skipped: ffmpeg could not make a test clip");
        return;
    }
    auto run = k.session({"--workflow", "interview", "--source", video->string(), "--operator", "rec-1",
                          "--subject", "cand-3", "--consent"});
    REQUIRE_MESSAGE(run.code != 2, run.err);
    constexpr std::size_t one_raw_frame = 320 * 240 * 3;  // the clip's frame size
    auto ledger = k.ledger();
    std::size_t total = 0;
    auto stored_records = ledger.records(0, *ledger.size()).value();
    for (const auto& stored : stored_records) {
        total += stored.line.size();
        CHECK(stored.line.size() < 16384);
        for (auto banned : {"\"image\"", "\"embedding", "\"landmarks\"", "\"pixels\"", "\"video\"", "\"face_descriptor\""})
            CHECK_MESSAGE(stored.line.find(banned) == std::string::npos, stored.line.substr(0, 200));
        CHECK(stored.line.find("iVBORw0KGgo") == std::string::npos);  // PNG signature in base64
        CHECK(stored.line.find("/9j/") == std::string::npos);         // JPEG signature in base64
    }
    CHECK(total < one_raw_frame);  // the whole session's records could not hold even one frame
    // Nothing besides the database and the keys is kept in the data dir.
    for (const auto& entry : std::filesystem::recursive_directory_iterator(k.dir / "data")) {
        auto name = entry.path().filename().string();
        CHECK_MESSAGE((entry.is_directory() || name.starts_with("ledger.sqlite") || name.starts_with("kiosk.") ||
                       name == "fingerprint.salt"),
                      name);
    }
}

// True when `value` holds an array of more numbers than any measurement has: what a face embedding,
// landmarks or pixels would look like once stored.
bool holds_long_numeric_array(const nlohmann::json& value) {
    if (value.is_array()) {
        const auto numbers = std::ranges::count_if(value, [](const nlohmann::json& v) { return v.is_number(); });
        if (numbers >= 16) return true;
    }
    if (value.is_structured())
        for (const auto& item : value)
            if (holds_long_numeric_array(item)) return true;
    return false;
}

TEST_CASE("headless: a face interview keeps the identity check's embeddings in memory only (shared data)") {
    auto data = test::shared_data();
    if (!data) {
        MESSAGE("skipped: ../shared/data is absent");
        return;
    }
    Kiosk k;
    auto run = k.session({"--workflow", "interview", "--source", (*data / "faces/real/hdtf_RD_Radio2_000.mp4").string(),
                          "--operator", "rec-1", "--subject", "cand-4", "--consent", "--json"});
    REQUIRE_MESSAGE(run.code != 2, run.err);
    auto result = nlohmann::json::parse(run.out);
    const auto* analysis = step(result, "deepfake_analysis");
    REQUIRE(analysis);
    const auto identity = std::ranges::find_if((*analysis)["checks"], [](const auto& c) { return c["id"] == "identity.jump"; });
    REQUIRE(identity != (*analysis)["checks"].end());
    CHECK((*identity)["value"].is_number());  // one distance, never the embeddings it came from
    for (const auto& record : k.records()) CHECK_MESSAGE(!holds_long_numeric_array(record.body), record.type);
}

TEST_CASE("headless: a handoff on a machine with a device named in invalid UTF-8 records it escaped") {
    Kiosk k;
    const auto root = k.dir / "desktop";
    std::filesystem::copy(test::fixtures() / "host" / "desktop", root,
                          std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks);
    const auto devices = root / "sys" / "bus" / "usb" / "devices";
    std::filesystem::create_symlink(std::filesystem::read_symlink(devices / "1-2"), devices / "1-9\xfe");
    auto run = k.session({"--workflow", "handoff", "--root", root.string(), "--operator", "it-7", "--subject", "hire-8",
                          "--json"});
    REQUIRE_MESSAGE((run.code == 0 || run.code == 1), run.err);
    CHECK((*step(nlohmann::json::parse(run.out), "host_inspection"))["status"] == "ran");
    CHECK(ledger::verify_ledger(k.ledger()).ok);
}

TEST_CASE("headless: a handoff on a KVM fixture fails and records a salted device fingerprint, not serials") {
    Kiosk k;
    auto run = k.session({"--workflow", "handoff", "--root", (test::fixtures() / "host" / "blikvm").string(),
                          "--operator", "it-7", "--subject", "hire-9", "--json"});
    REQUIRE_MESSAGE(run.code == 1, run.err);
    auto result = nlohmann::json::parse(run.out);
    CHECK((*step(result, "host_inspection"))["status"] == "ran");
    CHECK(result["recommendation"]["verdict"] == "fail");
    auto records = k.records();
    auto fingerprint = std::find_if(records.begin(), records.end(), [](auto& r) { return r.type == "session.fingerprint"; });
    REQUIRE(fingerprint != records.end());
    const auto& body = fingerprint->body["fingerprint"];
    CHECK(body["scheme"] == "hmac-sha256");
    CHECK_FALSE(body["kvm_usb"].empty());
    for (const auto& hash : body["kvm_usb"]) CHECK(hash.get<std::string>().size() == 64);
    // The inventory (with its serials) is kept only as a hash.
    for (const auto& record : records)
        CHECK_FALSE(record.body.contains("inventory"));
}
