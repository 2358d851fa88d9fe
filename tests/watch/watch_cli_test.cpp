// `kiosk watch` from the command line: --replay of the checked-in recordings, bad input, and the live
// watch as a real process on a machine without udev events or input devices, stopped by a signal.
#include <doctest/doctest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>

#include "host/input_recording.h"
#include "support.h"

extern char** environ;

using namespace kiosk;

namespace {

std::string fixture(const char* file) { return (test::fixtures() / "watch" / file).string(); }

std::vector<nlohmann::json> json_lines(const std::string& text) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

// The kiosk binary as a child process with its stdout on a pipe.
class Child {
public:
    explicit Child(std::vector<std::string> args) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&actions, fds[0]);
        args.insert(args.begin(), KIOSK_BINARY);
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        REQUIRE(::posix_spawn(&pid_, KIOSK_BINARY, &actions, nullptr, argv.data(), environ) == 0);
        posix_spawn_file_actions_destroy(&actions);
        ::close(fds[1]);
        out_ = fds[0];
    }
    ~Child() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        ::close(out_);
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    // Reads stdout until it holds a full line or `seconds` pass.
    std::string first_line(double seconds) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (output_.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) read_some(100);
        return output_.substr(0, output_.find('\n'));
    }

    // Sends `signal`, then waits up to `seconds` for the exit; the exit code, or -1 if it hung or crashed.
    int stop(int signal, double seconds) {
        ::kill(pid_, signal);
        auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                while (read_some(0)) {
                }
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
            read_some(50);
        }
        return -1;
    }

    const std::string& output() const { return output_; }

private:
    bool read_some(int timeout_ms) {
        pollfd entry{out_, POLLIN, 0};
        if (::poll(&entry, 1, timeout_ms) <= 0) return false;
        char buffer[4096];
        auto got = ::read(out_, buffer, sizeof buffer);
        if (got <= 0) return false;
        output_.append(buffer, static_cast<std::size_t>(got));
        return true;
    }

    pid_t pid_ = -1;
    int out_ = -1;
    std::string output_;
};

}  // namespace

TEST_CASE("kiosk watch --replay of a jiggler recording prints the finding and exits 1") {
    auto run = test::kiosk({"watch", "--replay", fixture("pikvm_jiggler.jsonl"), "--json"});
    CHECK(run.code == 1);
    auto lines = json_lines(run.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["event"] == "finding");
    CHECK(lines[0]["finding"]["rule"] == "kvm.input.jiggler_pikvm");
    CHECK(lines[0]["finding"]["evidence"]["device_path"] == "/dev/input/event6");
    CHECK(lines[1]["event"] == "summary");
    CHECK(lines[1]["findings"] == 1);
    CHECK(lines[1]["devices"] == 4);
}

TEST_CASE("kiosk watch --replay of human use finds nothing and exits 0 and --fail-on medium catches the anomaly") {
    auto human = test::kiosk({"watch", "--replay", fixture("human_mouse.jsonl")});
    CHECK(human.code == 0);
    CHECK(human.out.find("0 findings") != std::string::npos);
    auto anomaly = test::kiosk({"watch", "--replay", fixture("new_device_input.jsonl"), "--fail-on", "medium"});
    CHECK(anomaly.code == 1);
    CHECK(anomaly.out.find("anomaly.input.new_device_only") != std::string::npos);
}

TEST_CASE("kiosk watch with a bad recording or bad options: one line on stderr, exit 2, nothing on stdout") {
    test::TempDir dir;
    test::write_file(dir / "bad.jsonl", "{\"format\":\"kiosk-input-recording\",\"version\":1}\n{\"t\":1,\"type\":\"key\"}\n");
    const std::vector<std::vector<std::string>> cases{
        {"watch", "--replay", (dir / "bad.jsonl").string()},
        {"watch", "--replay", (dir / "missing.jsonl").string()},
        {"watch", "--replay", fixture("human_mouse.jsonl"), "--record", (dir / "out.jsonl").string()},
        {"watch", "--root", (dir / "nowhere").string()},
        {"watch", "--record", (dir / "no/such/dir/rec.jsonl").string()},
        {"watch", "--bogus"},
    };
    for (const auto& args : cases) {
        CAPTURE(args.back());
        auto run = test::kiosk(args);
        CHECK(run.code == 2);
        CHECK(run.out.empty());
        CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
        CHECK(run.err.starts_with("kiosk watch: "));
    }
    CHECK(test::kiosk({"watch", "--replay", (dir / "bad.jsonl").string()}).err ==
          "kiosk watch: " + (dir / "bad.jsonl").string() + ":2: missing 'device'\n");
}

TEST_CASE("kiosk watch as a process: says what it cannot watch and why, and stops cleanly on SIGTERM") {
    Child watch({"watch", "--json"});
    auto status = nlohmann::json::parse(watch.first_line(60), nullptr, false);
    REQUIRE_MESSAGE(status.is_object(), watch.output());
    CHECK(status["event"] == "status");
    std::error_code ignored;
    if (!std::filesystem::exists("/run/udev/control", ignored)) {
        bool hotplug = false;
        for (const auto& item : status["not_watching"])
            hotplug = hotplug || (item["what"] == "hot-plug" && item["why"].get<std::string>().find("udev is not running") != std::string::npos);
        CHECK(hotplug);
    }
    if (!std::filesystem::exists("/dev/input", ignored)) {
        bool input = false;
        for (const auto& item : status["not_watching"])
            input = input || (item["what"] == "input" && item["why"].get<std::string>().find("/dev/input does not exist") != std::string::npos);
        CHECK(input);
    }
    CHECK(watch.stop(SIGTERM, 20) == 0);
    auto lines = json_lines(watch.output());
    REQUIRE(lines.size() >= 2);
    CHECK(lines.back()["event"] == "stopped");
}

TEST_CASE("kiosk watch --root with --record stops on SIGINT and leaves a recording --replay reads") {
    test::TempDir dir;
    std::filesystem::create_directories(dir / "tree/dev/input");
    auto recording = (dir / "rec.jsonl").string();
    Child watch({"watch", "--root", (dir / "tree").string(), "--record", recording});
    auto first = watch.first_line(60);
    CHECK(first.find("not watching hot-plug: --root") != std::string::npos);
    CHECK(watch.stop(SIGINT, 20) == 0);
    CHECK(watch.output().find("stopped after 0 input events") != std::string::npos);
    auto replayed = test::kiosk({"watch", "--replay", recording, "--json"});
    CHECK(replayed.code == 0);
    CHECK(json_lines(replayed.out).back()["input_events"] == 0);
}
