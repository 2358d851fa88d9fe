// TPM binding: the kiosk key sealed to a software TPM (swtpm) signs checkpoints the real minisign
// verifies, refuses to unseal on another TPM, and fails cleanly when no TPM answers. The swtpm
// cases skip with a message when swtpm is not installed.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>
#include <thread>

#include "ledger/record.h"
#include "ledger/tpm.h"
#include "ledger/verify.h"
#include "ledger_support.h"

using namespace kiosk;
using kiosk::test::Run;
using kiosk::test::TempDir;
using kiosk::test::TestLedger;

namespace {

bool have(const std::string& tool) { return test::shell("command -v " + tool).code == 0; }

bool can_bind(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

bool accepts(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

// A software TPM with its own fresh state (so its own seed) on two free ports, killed with the object.
class Swtpm {
public:
    static std::unique_ptr<Swtpm> start() {
        std::mt19937 random(std::random_device{}());
        for (int attempt = 0; attempt < 8; ++attempt) {
            int port = 20000 + static_cast<int>(random() % 40000);
            if (!can_bind(port) || !can_bind(port + 1)) continue;
            auto tpm = std::unique_ptr<Swtpm>(new Swtpm(port));
            if (tpm->wait_ready()) return tpm;
        }
        return nullptr;
    }
    ~Swtpm() { stop(); }
    Swtpm(const Swtpm&) = delete;
    Swtpm& operator=(const Swtpm&) = delete;

    std::string tcti() const { return "swtpm:host=127.0.0.1,port=" + std::to_string(port_); }
    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }

private:
    explicit Swtpm(int port) : port_(port) {
        const auto server = "type=tcp,port=" + std::to_string(port) + ",bindaddr=127.0.0.1";
        const auto control = "type=tcp,port=" + std::to_string(port + 1) + ",bindaddr=127.0.0.1";
        const auto state = "dir=" + state_.path().string();
        pid_ = ::fork();
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlives the test
            int null = ::open("/dev/null", O_RDWR);
            ::dup2(null, 1);
            ::dup2(null, 2);
            ::execlp("swtpm", "swtpm", "socket", "--tpm2", "--server", server.c_str(), "--ctrl", control.c_str(),
                     "--tpmstate", state.c_str(), "--flags", "not-need-init,startup-clear", nullptr);
            ::_exit(127);
        }
    }

    bool wait_ready() {
        for (int i = 0; i < 250; ++i) {
            if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
                pid_ = -1;
                return false;
            }
            if (accepts(port_)) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    int port_;
    TempDir state_;
    pid_t pid_ = -1;
};

void configure(const TestLedger& t, const std::string& tcti) {
    test::write_file(t.config(), "[kiosk]\nid = \"kiosk-test\"\n[ledger]\ntpm_tcti = \"" + tcti + "\"\n");
}

std::size_t lines_in(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_CASE("tpm: a key sealed to swtpm signs checkpoints and exports that the real minisign verifies") {
    if (!have("swtpm")) {
        MESSAGE("skipped: swtpm not installed");
        return;
    }
    auto tpm = Swtpm::start();
    REQUIRE_MESSAGE(tpm, "swtpm did not start");
    TestLedger t;
    configure(t, tpm->tcti());
    auto made = t.cli({"keygen", "--tpm"});
    REQUIRE_MESSAGE(made.code == 0, made.err);
    CHECK(made.out.find("sealed to the TPM") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(ledger::secret_key_path(t.data_dir())));
    struct stat info {};
    REQUIRE(::stat(ledger::sealed_key_path(t.data_dir()).c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    auto key = ledger::parse_public_key(test::read_file(ledger::public_key_path(t.data_dir())));
    REQUIRE(key.has_value());

    auto options = t.options();
    options.tpm_tcti = tpm->tcti();
    auto opened = ledger::Ledger::open(options);
    REQUIRE_MESSAGE(opened.has_value(), opened.error().message);
    auto genesis = ledger::parse_record_line(opened->record(0)->line);
    REQUIRE(genesis.has_value());
    CHECK(genesis->body["tpm_bound"] == true);
    CHECK(genesis->body["public_key"] == key->minisign_line());
    auto session = test::write_session(*opened, "s-tpm", "cand-tpm", 2);
    auto report = ledger::verify_ledger(*opened, {*key, std::nullopt});
    CHECK_MESSAGE(report.ok, report.problem);
    CHECK(report.checkpoints >= 1);

    // A record after the session end is signed by `kiosk ledger checkpoint --now`, through the TPM.
    REQUIRE(opened->append("check.result", "", {{"id", "late"}}).has_value());
    auto signed_now = t.cli({"checkpoint", "--now"});
    CHECK_MESSAGE(signed_now.code == 0, signed_now.err);
    CHECK(signed_now.out.find("signed checkpoint") != std::string::npos);

    TempDir out;
    auto exported = t.cli({"export", session, "--out", out.path().string()});
    REQUIRE_MESSAGE(exported.code == 0, exported.err);
    if (!have("minisign")) {
        MESSAGE("skipped the minisign oracle: minisign not installed");
        return;
    }
    for (const std::string file : {"checkpoint.txt", "records.jsonl"}) {
        auto verified = test::shell("cd " + out.path().string() + " && minisign -H -Vm " + file + " -P " + key->minisign_line());
        CHECK_MESSAGE(verified.code == 0, verified.out);
    }
    test::write_file(out / "checkpoint.txt", test::read_file(out / "checkpoint.txt") + "x");
    CHECK(test::shell("cd " + out.path().string() + " && minisign -H -Vm checkpoint.txt -P " + key->minisign_line()).code != 0);
}

TEST_CASE("tpm: a sealed key does not unseal on another TPM and the ledger is left as it was") {
    if (!have("swtpm")) {
        MESSAGE("skipped: swtpm not installed");
        return;
    }
    auto first = Swtpm::start();
    REQUIRE_MESSAGE(first, "swtpm did not start");
    TestLedger t;
    configure(t, first->tcti());
    REQUIRE(t.cli({"keygen", "--tpm"}).code == 0);
    auto options = t.options();
    options.tpm_tcti = first->tcti();
    {
        auto opened = ledger::Ledger::open(options);
        REQUIRE_MESSAGE(opened.has_value(), opened.error().message);
        REQUIRE(opened->append("session.start", "s-1", {{"workflow", "handoff"}}).has_value());
    }
    first->stop();

    auto second = Swtpm::start();  // a fresh state directory: another TPM seed
    REQUIRE_MESSAGE(second, "swtpm did not start");
    configure(t, second->tcti());
    const auto size_before = ledger::Ledger::open_existing(options)->size();
    Run refused = t.cli({"checkpoint", "--now"});
    CHECK(refused.code == 2);
    CHECK(lines_in(refused.err) == 1);
    CHECK(refused.err.find("kiosk ledger checkpoint: ") == 0);
    CHECK(refused.err.find("another TPM") != std::string::npos);
    options.tpm_tcti = second->tcti();
    auto reopened = ledger::Ledger::open(options);
    REQUIRE_FALSE(reopened.has_value());
    CHECK(reopened.error().message.find("does not load on this TPM") != std::string::npos);
    auto readonly = ledger::Ledger::open_existing(options);
    CHECK(*readonly->size() == *size_before);
    CHECK(ledger::verify_ledger(*readonly).ok);
}

TEST_CASE("tpm: keygen --tpm with no TPM answering fails in one line and leaves no key") {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), length) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    ::close(fd);  // a port nothing listens on
    TestLedger t;
    configure(t, "swtpm:host=127.0.0.1,port=" + std::to_string(ntohs(address.sin_port)));
    Run refused = t.cli({"keygen", "--tpm"});
    CHECK(refused.code == 2);
    CHECK(lines_in(refused.err) == 1);
    CHECK(refused.err.find("no TPM reachable") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(ledger::sealed_key_path(t.data_dir())));
    CHECK_FALSE(std::filesystem::exists(ledger::secret_key_path(t.data_dir())));
    CHECK_FALSE(std::filesystem::exists(ledger::public_key_path(t.data_dir())));

    configure(t, "device:/nonexistent/tpmrm0");
    refused = t.cli({"keygen", "--tpm"});
    CHECK(refused.code == 2);
    CHECK(refused.err.find("no TPM reachable") != std::string::npos);
}

TEST_CASE("tpm: a damaged sealed-key file is refused with a clear error") {
    CHECK_FALSE(ledger::tpm::parse_blob_file("").has_value());
    CHECK_FALSE(ledger::tpm::parse_blob_file("untrusted comment: minisign\nRWQ=\n").has_value());
    ledger::tpm::SealedBlob blob{std::string("\x00\x02" "ab", 4), std::string("\x00\x01" "z", 3)};
    auto text = blob.file_text();
    auto parsed = ledger::tpm::parse_blob_file(text);
    REQUIRE_FALSE(parsed.has_value());  // not a marshalled TPM2B_PUBLIC
    CHECK(parsed.error().message.find("public part") != std::string::npos);
    CHECK_FALSE(ledger::tpm::parse_blob_file(text.substr(0, text.find("\nprivate") + 1)).has_value());
}
