// An auditor's copy of a ledger on read-only media verifies and lists, and a ledger that truly
// cannot be opened is one line saying why (permission, missing, not a database). Root ignores file
// permissions, so as root the kiosk runs as `nobody` (setpriv) over root's files; as any other user
// the files are made read-only with chmod.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <optional>

#include "core/exit_code.h"
#include "ledger_support.h"

using namespace kiosk;
using kiosk::test::TestLedger;

namespace {

namespace fs = std::filesystem;

bool has(const std::string& text, std::string_view words) { return text.find(words) != std::string::npos; }

std::string quoted(const std::string& text) { return "'" + text + "'"; }

// Takes write permission off `dir` and everything in it while it lives (it matters only when not
// root: as root the reader is another user anyway), and gives it back so the test can clean up.
class ReadOnly {
public:
    explicit ReadOnly(fs::path dir) : dir_(std::move(dir)) { set(false); }
    ~ReadOnly() { set(true); }
    ReadOnly(const ReadOnly&) = delete;
    ReadOnly& operator=(const ReadOnly&) = delete;

private:
    void set(bool writable) {
        if (geteuid() == 0) return;
        test::shell("chmod -R " + std::string(writable ? "u+w " : "a-w ") + quoted(dir_.string()));
    }
    fs::path dir_;
};

// `kiosk ledger ARGS... --config CONFIG --data-dir DATA` as a separate process that cannot write
// DATA; stdout and stderr together. nullopt when no such user can be had here (as root: no setpriv,
// no right to change user, or a kiosk binary `nobody` cannot reach).
std::optional<test::Run> as_reader(const TestLedger& t, const fs::path& data_dir, const std::vector<std::string>& args) {
    std::string command;
    if (geteuid() == 0) {
        command = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
        if (!test::have_program("setpriv") || test::shell(command + "test -x " + quoted(KIOSK_BINARY)).code != 0)
            return std::nullopt;
    }
    command += quoted(KIOSK_BINARY) + " ledger";
    for (const auto& arg : args) command += " " + quoted(arg);
    command += " --config " + quoted(t.config().string()) + " --data-dir " + quoted(data_dir.string());
    return test::shell(command);
}

std::vector<std::string> listing(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::ranges::sort(names);
    return names;
}

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::ranges::count(text, '\n')); }

// A ledger of two sessions, the config the CLI reads, and the public key where `nobody` can read it
// (keys/ is 0700); the auditor pins the key from the registry anyway.
fs::path prepare(const TestLedger& t) {
    {
        auto ledger = t.open();
        test::write_session(ledger, "s-1", "cand-1");
        test::write_session(ledger, "s-2", "cand-2");
    }
    test::write_file(t.config(), "[kiosk]\nid = \"kiosk-test\"\n");
    const auto key = t.dir.path() / "kiosk.pub";
    fs::copy_file(t.data_dir() / "keys" / "kiosk.pub", key);
    return key;
}

}  // namespace

TEST_CASE("read-only: a closed WAL ledger in a directory the reader cannot write verifies, lists and shows") {
    TestLedger t;
    const auto key = prepare(t);
    REQUIRE_FALSE(fs::exists(t.data_dir() / "ledger.sqlite-wal"));  // a clean close folds the WAL in
    const auto before = listing(t.data_dir());
    ReadOnly read_only(t.data_dir());
    auto verified = as_reader(t, t.data_dir(), {"verify", "--pubkey", key.string()});
    if (!verified) {
        MESSAGE("skipped: root, and the kiosk cannot run as nobody through setpriv here");
        return;
    }
    CHECK_MESSAGE(verified->code == 0, verified->out);
    CHECK_MESSAGE(has(verified->out, "ledger of kiosk-test verifies"), verified->out);
    auto listed = as_reader(t, t.data_dir(), {"list"});
    CHECK_MESSAGE(listed->code == 0, listed->out);
    CHECK(has(listed->out, "s-2"));
    CHECK(has(listed->out, "2 session(s)"));
    auto shown = as_reader(t, t.data_dir(), {"show", "s-1"});
    CHECK_MESSAGE(shown->code == 0, shown->out);
    CHECK(listing(t.data_dir()) == before);  // nothing created beside the ledger
}

TEST_CASE("read-only: a ledger with a live writer's WAL verifies with every committed record") {
    TestLedger t;
    const auto key = prepare(t);
    auto writer = t.open();  // held open: the newest records sit in ledger.sqlite-wal
    test::write_session(writer, "s-3", "cand-3");
    REQUIRE(fs::file_size(t.data_dir() / "ledger.sqlite-wal") > 0);
    const auto size = *writer.size();
    ReadOnly read_only(t.data_dir());
    auto verified = as_reader(t, t.data_dir(), {"verify", "--json", "--pubkey", key.string()});
    if (!verified) {
        MESSAGE("skipped: root, and the kiosk cannot run as nobody through setpriv here");
        return;
    }
    REQUIRE_MESSAGE(verified->code == 0, verified->out);
    CHECK(nlohmann::json::parse(verified->out)["records"] == size);
}

TEST_CASE("read-only: a WAL holding records without its index cannot be read, and says so in one line") {
    TestLedger t;
    const auto key = prepare(t);
    const auto copy = t.dir.path() / "copy";
    {
        auto writer = t.open();
        test::write_session(writer, "s-3", "cand-3");
        fs::copy(t.data_dir(), copy, fs::copy_options::recursive);
    }
    fs::remove(copy / "ledger.sqlite-shm");
    REQUIRE(fs::file_size(copy / "ledger.sqlite-wal") > 0);
    ReadOnly read_only(copy);
    auto verified = as_reader(t, copy, {"verify", "--pubkey", key.string()});
    if (!verified) {
        MESSAGE("skipped: root, and the kiosk cannot run as nobody through setpriv here");
        return;
    }
    CHECK(verified->code == kiosk::exit_io);
    CHECK_MESSAGE(lines(verified->out) == 1, verified->out);
    CHECK_MESSAGE(has(verified->out, "ledger.sqlite-wal holds records"), verified->out);
    CHECK(has(verified->out, "ledger.sqlite-shm is missing and cannot be made here"));
}

TEST_CASE("read-only: an unreadable, a missing, a non-SQLite and a non-kiosk database each say what is wrong") {
    TestLedger t;
    prepare(t);
    const auto db = t.data_dir() / "ledger.sqlite";
    fs::permissions(db, fs::perms::none);
    auto denied = as_reader(t, t.data_dir(), {"list"});
    fs::permissions(db, fs::perms::owner_read | fs::perms::owner_write);
    if (denied) {
        CHECK(denied->code == kiosk::exit_io);
        CHECK_MESSAGE(lines(denied->out) == 1, denied->out);
        CHECK_MESSAGE(has(denied->out, "Permission denied"), denied->out);
    } else {
        MESSAGE("skipped the permission case: root, and the kiosk cannot run as nobody through setpriv here");
    }

    TestLedger missing;
    auto none = missing.cli({"verify"});
    CHECK(none.code == 2);
    CHECK_MESSAGE(has(none.err, "no ledger at " + (missing.data_dir() / "ledger.sqlite").string()), none.err);

    test::write_file(db, "this is a text file, not a ledger\n");
    auto text = t.cli({"verify"});
    CHECK(text.code == 2);
    CHECK_MESSAGE(has(text.err, "ledger.sqlite is not an SQLite database"), text.err);

    fs::remove(db);
    test::sql(t.data_dir(), "CREATE TABLE other(x)");  // an SQLite database, but not a ledger
    auto other = t.cli({"list"});
    CHECK(other.code == 2);
    CHECK_MESSAGE(has(other.err, "ledger.sqlite is not a kiosk ledger"), other.err);
}
