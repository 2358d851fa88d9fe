// The one check of every config value (core/config_spec.h): at load, for every command, before any write.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>

#include "core/config.h"
#include "core/config_spec.h"
#include "core/embedded.h"
#include "support.h"

using kiosk::Config;

namespace {

// Every value key of the embedded config/kiosk.toml ("section.key"), in the file's order.
std::vector<std::string> default_keys() {
    std::string_view text;
    for (const auto& file : kiosk::defaults::embedded_files())
        if (file.name == "kiosk.toml") text = file.bytes;
    const auto defaults = toml::parse(text);
    std::vector<std::pair<std::uint32_t, std::string>> keyed;
    for (const auto& [section, table] : defaults)
        for (const auto& [name, value] : *table.as_table())
            keyed.emplace_back(value.source().begin.line, std::string(section.str()) + "." + std::string(name.str()));
    std::ranges::sort(keyed);
    std::vector<std::string> keys;
    for (auto& [line, key] : keyed) keys.push_back(std::move(key));
    return keys;
}

struct Nonsense {
    std::string text;     // an operator's file
    std::string message;  // the error after "FILE:"
};

// The values issue #15 found accepted by some commands, and their one-line errors.
const std::vector<Nonsense> nonsense{
    {"[policy]\nscore_fail = nan\n", "2: policy.score_fail: must be from 0 to 1, not nan"},
    {"[policy]\nscore_review = 0.9\nscore_fail = 0.1\n", "2: policy.score_review: must be at most policy.score_fail (0.1), not 0.9"},
    {"[vision]\nmin_face_frames = -3\n", "2: vision.min_face_frames: must be from 1 to 100000, not -3"},
    {"[camera]\nsample_seconds = -1\n", "2: camera.sample_seconds: must be from 1 to 3600, not -1"},
    {"[ui]\ntext_size = -22\n", "2: ui.text_size: must be from 10 to 60, not -22"},
    {"[ledger]\nmax_size_mb = -5\n", "2: ledger.max_size_mb: must be from 0 to 1048576, not -5"},
    {"[ledger]\ncheckpoint_interval_seconds = 9223372036854775807\n",
     "2: ledger.checkpoint_interval_seconds: must be from 1 to 604800, not 9223372036854775807"},
};

}  // namespace

TEST_CASE("config spec: every key of config/kiosk.toml has exactly one spec, in the file's order") {
    std::vector<std::string> specified;
    for (const auto& spec : kiosk::config_specs()) {
        specified.emplace_back(spec.key);
        if (spec.kind == kiosk::ConfigSpec::Kind::range) CHECK(spec.min <= spec.max);
        if (spec.kind == kiosk::ConfigSpec::Kind::one_of) CHECK_FALSE(spec.allowed.empty());
    }
    CHECK(specified == default_keys());
}

TEST_CASE("config spec: the embedded defaults pass, alone and under an empty file") {
    CHECK_FALSE(kiosk::check_config_specs(Config::defaults()));
    auto empty = Config::parse("", "empty.toml");
    REQUIRE_MESSAGE(empty, empty.error().message);
}

TEST_CASE("config spec: each nonsense value is refused with file:line, the key and what it allows") {
    for (const auto& [text, message] : nonsense) {
        CAPTURE(text);
        auto config = Config::parse(text, "bad.toml");
        REQUIRE_FALSE(config);
        CHECK(config.error().message == "bad.toml:" + message);
    }
}

TEST_CASE("config spec: more nonsense — infinities, unknown severities, inverted pairs given by one key") {
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"[policy]\nscore_review = inf\n", "bad.toml:2: policy.score_review: must be from 0 to 1, not inf"},
        {"[policy]\nscore_fail = -0.5\n", "bad.toml:2: policy.score_fail: must be from 0 to 1, not -0.5"},
        {"[scan]\nfail_on = \"dire\"\n", "bad.toml:2: scan.fail_on: must be info, low, medium, high or critical, not 'dire'"},
        {"[camera]\nfail_on = \"HIGH\"\n", "bad.toml:2: camera.fail_on: must be info, low, medium, high or critical, not 'HIGH'"},
        {"[scan]\nmdns_listen_seconds = 0\n", "bad.toml:2: scan.mdns_listen_seconds: must be from 0.1 to 10, not 0"},
        {"[camera]\ntimeout_seconds = 0\n", "bad.toml:2: camera.timeout_seconds: must be from 1 to 3600, not 0"},
        {"[ui]\nidle_sign_out_seconds = -1\n", "bad.toml:2: ui.idle_sign_out_seconds: must be from 0 to 86400, not -1"},
        // Only the higher key is in the file: the error points at it, not at the default it clashes with.
        {"\n[policy]\nscore_fail = 0.1\n", "bad.toml:3: policy.score_fail: must be at least policy.score_review (0.5), not 0.1"},
        {"[policy]\nreview_at = \"critical\"\n", "bad.toml:2: policy.review_at: must be at most policy.fail_at ('high'), not 'critical'"},
        {"[policy]\nfail_at = \"low\"\n", "bad.toml:2: policy.fail_at: must be at least policy.review_at ('medium'), not 'low'"},
    };
    for (const auto& [text, message] : cases) {
        CAPTURE(text);
        auto config = Config::parse(text, "bad.toml");
        REQUIRE_FALSE(config);
        CHECK(config.error().message == message);
    }
}

TEST_CASE("config spec: values at the edges of their ranges, and equal pairs, load") {
    auto config = Config::parse("[policy]\nscore_fail = 1\nscore_review = 1\nfail_at = \"low\"\nreview_at = \"low\"\n"
                                "[ui]\ntext_size = 60\nidle_sign_out_seconds = 0\n"
                                "[ledger]\ncheckpoint_interval_seconds = 604800\nmax_size_mb = 0\n"
                                "[scan]\nmdns_listen_seconds = 0.1\n[vision]\nmin_face_frames = 1\n"
                                "[camera]\nsample_seconds = 3600\ntimeout_seconds = 1\n",
                                "edge.toml");
    REQUIRE_MESSAGE(config, config.error().message);
    CHECK(config->number("policy.score_fail") == 1);
    CHECK(config->severity("policy.review_at") == kiosk::Severity::low);
    CHECK(config->integer("ledger.checkpoint_interval_seconds") == 604800);
    CHECK(config->number("scan.mdns_listen_seconds") == doctest::Approx(0.1));
    CHECK(config->given("policy.fail_at"));
    CHECK_FALSE(config->given("kiosk.id"));
}

TEST_CASE("config spec: every command that reads config refuses nonsense the same way, writing nothing") {
    const auto host = (kiosk::test::fixtures() / "host" / "laptop").string();
    const auto cameras = (kiosk::test::fixtures() / "camera" / "uvc_webcam").string();
    using Command = std::function<std::vector<std::string>(const std::string& config, const std::string& data)>;
    const std::vector<Command> commands{
        [&](auto& config, auto&) { return std::vector<std::string>{"scan", "--root", host, "--config", config}; },
        [&](auto& config, auto& data) {
            return std::vector<std::string>{"session", "run", "--workflow", "handoff", "--root", host, "--operator", "it-7",
                                            "--subject", "hire-1", "--data-dir", data, "--config", config};
        },
        [&](auto& config, auto&) { return std::vector<std::string>{"analyze", "no-such-clip.mp4", "--config", config}; },
        [&](auto& config, auto&) { return std::vector<std::string>{"camera", "--root", cameras, "--config", config}; },
        [&](auto& config, auto& data) { return std::vector<std::string>{"ledger", "keygen", "--data-dir", data, "--config", config}; },
        [&](auto& config, auto& data) { return std::vector<std::string>{"ledger", "verify", "--data-dir", data, "--config", config}; },
        [&](auto& config, auto& data) { return std::vector<std::string>{"ledger", "checkpoint", "--data-dir", data, "--config", config}; },
        [&](auto& config, auto&) { return std::vector<std::string>{"edid", "no-such.bin", "--config", config}; },
        [&](auto& config, auto&) { return std::vector<std::string>{"operator", "list", "--config", config}; },
        [&](auto& config, auto& data) { return std::vector<std::string>{"fleet", "push", "--data-dir", data, "--config", config}; },
    };
    for (const auto& [text, message] : nonsense) {
        kiosk::test::TempDir dir;
        const auto config = (dir / "bad.toml").string();
        kiosk::test::write_file(config, text);
        const auto data = dir / "data";
        for (const auto& command : commands) {
            const auto args = command(config, data.string());
            CAPTURE(text);
            CAPTURE(args[0] + " " + args[1]);
            auto run = kiosk::test::kiosk(args);
            CHECK(run.code == 2);
            CHECK(run.out.empty());
            CHECK(run.err.ends_with(": " + config + ":" + message + "\n"));
            CHECK(std::ranges::count(run.err, '\n') == 1);
            CHECK_FALSE(std::filesystem::exists(data));
        }
    }
}

TEST_CASE("config spec: a valid override still runs a session into a fresh data dir") {
    kiosk::test::TempDir dir;
    kiosk::test::write_file(dir / "site.toml", "[kiosk]\nid = \"kiosk-spec\"\n[policy]\nscore_fail = 0.9\nscore_review = 0.6\n"
                                               "[ledger]\ncheckpoint_interval_seconds = 60\nmax_size_mb = 10\n");
    auto run = kiosk::test::kiosk({"session", "run", "--workflow", "handoff", "--root",
                                   (kiosk::test::fixtures() / "host" / "laptop").string(), "--operator", "it-7", "--subject",
                                   "hire-1", "--data-dir", (dir / "data").string(), "--config", (dir / "site.toml").string()});
    CHECK_MESSAGE(run.code != 2, run.err);
    CHECK(std::filesystem::exists(dir / "data" / "ledger.sqlite"));
}
