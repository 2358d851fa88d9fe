#include <doctest/doctest.h>

#include "host/rules.h"
#include "support.h"

using kiosk::host::RuleSet;
using kiosk::host::Subject;

namespace {

// One rule on usb_device with the given condition lines; the rest of the rule is fixed.
std::string rule_with(std::string_view conditions, std::string_view extra = "") {
    return std::string(R"([[rule]]
id = "test.rule"
category = "kvm"
severity = "high"
subject = "usb_device"
title = "Test rule"
explanation = "For the test."
references = ["test"]
)") + std::string(extra) + "\n" + std::string(conditions) + "\n";
}

Subject usb(std::map<std::string, kiosk::host::FactValue, std::less<>> facts) {
    return Subject{"usb_device", "usb 1-1", std::move(facts)};
}

bool fires(std::string_view conditions, const Subject& subject, std::string_view extra = "") {
    auto set = RuleSet::parse(rule_with(conditions, extra), "t.toml");
    REQUIRE_MESSAGE(set.has_value(), (set ? "" : set.error().message));
    std::vector<Subject> subjects{subject};
    return !set->judge(subjects).empty();
}

std::string error_of(std::string_view text) {
    auto set = RuleSet::parse(text, "bad.toml");
    REQUIRE_FALSE(set.has_value());
    return set.error().message;
}

}  // namespace

TEST_CASE("rules: equals on strings is case-insensitive and exact") {
    auto subject = usb({{"usb.vendor_id", std::string("1D6B")}});
    CHECK(fires(R"(when = [{ fact = "usb.vendor_id", equals = "1d6b" }])", subject));
    CHECK_FALSE(fires(R"(when = [{ fact = "usb.vendor_id", equals = "1d6" }])", subject));
}

TEST_CASE("rules: equals on integers and booleans does not mix types") {
    auto subject = usb({{"usb.speed_mbps", std::int64_t{480}}, {"usb.has_mass_storage", true}});
    CHECK(fires(R"(when = [{ fact = "usb.speed_mbps", equals = 480 }])", subject));
    CHECK(fires(R"(when = [{ fact = "usb.has_mass_storage", equals = true }])", subject));
    CHECK_FALSE(fires(R"(when = [{ fact = "usb.has_mass_storage", equals = false }])", subject));
    // equals = "480" on the integer fact does not load at all (see "an operand of another type")
    CHECK_FALSE(RuleSet::parse(rule_with(R"(when = [{ fact = "usb.speed_mbps", equals = "480" }])"), "t.toml"));
}

TEST_CASE("rules: in, matches, at_least, at_most, present") {
    auto subject = usb({{"usb.product", std::string("PiKVM Composite Device")},
                        {"usb.speed_mbps", std::int64_t{480}},
                        {"usb.interface_classes", std::vector<std::string>{"03", "08"}}});
    CHECK(fires(R"(when = [{ fact = "usb.product", in = ["x", "pikvm composite device"] }])", subject));
    CHECK_FALSE(fires(R"(when = [{ fact = "usb.product", in = ["x", "y"] }])", subject));
    CHECK(fires(R"(when = [{ fact = "usb.speed_mbps", in = [12, 480] }])", subject));
    CHECK_FALSE(fires(R"(when = [{ fact = "usb.speed_mbps", in = [1, 12] }])", subject));
    CHECK(fires(R"(when = [{ fact = "usb.product", matches = "composite" }])", subject));
    CHECK_FALSE(fires(R"(when = [{ fact = "usb.product", matches = "^composite" }])", subject));
    CHECK(fires(R"(when = [{ fact = "usb.speed_mbps", at_least = 480 }])", subject));
    CHECK_FALSE(fires(R"(when = [{ fact = "usb.speed_mbps", at_least = 481 }])", subject));
    CHECK(fires(R"(when = [{ fact = "usb.speed_mbps", at_most = 480 }])", subject));
    CHECK_FALSE(fires(R"(when = [{ fact = "usb.speed_mbps", at_most = 12 }])", subject));
    CHECK(fires(R"(when = [{ fact = "usb.serial", present = false }])", subject));
    CHECK_FALSE(fires(R"(when = [{ fact = "usb.product", present = false }])", subject));
    // a list fact satisfies equals / in / matches when any element does
    CHECK(fires(R"(when = [{ fact = "usb.interface_classes", equals = "08" }])", subject));
    CHECK(fires(R"(when = [{ fact = "usb.interface_classes", matches = "^0[89]$" }])", subject));
    CHECK_FALSE(fires(R"(when = [{ fact = "usb.interface_classes", in = ["01", "02"] }])", subject));
}

TEST_CASE("rules: a missing fact satisfies nothing but present = false, and not inverts") {
    auto subject = usb({});
    CHECK_FALSE(fires(R"(when = [{ fact = "usb.vendor_id", equals = "1d6b" }])", subject));
    CHECK_FALSE(fires(R"(when = [{ fact = "usb.speed_mbps", at_most = 100 }])", subject));
    CHECK(fires(R"(when = [{ fact = "usb.vendor_id", equals = "1d6b", not = true }])", subject));
}

TEST_CASE("rules: any with min_any, and unless") {
    auto subject = usb({{"usb.has_audio", true}, {"usb.has_video", true}, {"usb.has_network", false}});
    CHECK(fires(R"(any = [{ fact = "usb.has_audio", equals = true }, { fact = "usb.has_network", equals = true }])",
                subject));
    CHECK_FALSE(fires(R"(any = [{ fact = "usb.has_audio", equals = true }, { fact = "usb.has_network", equals = true }])",
                      subject, "min_any = 2"));
    CHECK(fires(R"(any = [{ fact = "usb.has_audio", equals = true }, { fact = "usb.has_video", equals = true }])",
                subject, "min_any = 2"));
    CHECK_FALSE(fires(R"(when = [{ fact = "usb.has_audio", equals = true }]
unless = [{ fact = "usb.has_video", equals = true }])",
                      subject));
}

TEST_CASE("rules: machine facts are visible to every rule") {
    auto set = RuleSet::parse(rule_with(R"(when = [{ fact = "usb.vendor_id", equals = "0627" }]
unless = [{ fact = "machine.virtualized", equals = true }])"),
                              "t.toml");
    REQUIRE(set);
    std::vector<Subject> on_vm{usb({{"usb.vendor_id", std::string("0627")}}),
                               Subject{"machine", "this machine", {{"machine.virtualized", true}}}};
    CHECK(set->judge(on_vm).empty());
    on_vm[1].facts["machine.virtualized"] = false;
    CHECK(set->judge(on_vm).size() == 1);
}

TEST_CASE("rules: a finding carries rule, category, severity, subject and evidence") {
    auto set = RuleSet::parse(rule_with(R"(when = [{ fact = "usb.vendor_id", equals = "1d6b" }])",
                                        R"(evidence = ["usb.vendor_id", "usb.serial", "usb.product"])"),
                              "t.toml");
    REQUIRE(set);
    std::vector<Subject> subjects{usb({{"usb.vendor_id", std::string("1d6b")}, {"usb.serial", std::string("CAFEBABE")}})};
    auto findings = set->judge(subjects);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "test.rule");
    CHECK(findings[0].category == "kvm");
    CHECK(findings[0].severity == kiosk::Severity::high);
    CHECK(findings[0].subject == "usb 1-1");
    CHECK(findings[0].evidence == nlohmann::json{{"usb.vendor_id", "1d6b"}, {"usb.serial", "CAFEBABE"}});
    CHECK(set->rules()[0].source == "t.toml:1");
}

TEST_CASE("rules: rules only judge subjects of their own kind") {
    auto set = RuleSet::parse(rule_with(R"(when = [{ fact = "usb.serial", present = false }])"), "t.toml");
    REQUIRE(set);
    std::vector<Subject> subjects{Subject{"process", "pid 1", {{"process.comm", std::string("x")}}}};
    CHECK(set->judge(subjects).empty());
}

TEST_CASE("rules: errors name file and line") {
    CHECK(error_of("[[rule]\nid=") .starts_with("bad.toml:1: "));
    CHECK(error_of(rule_with(R"(when = [{ fact = "usb.speed_mbps", equals = 1 }])", "colour = \"red\"")) ==
          "bad.toml:9: unknown key 'colour' in a rule");
    CHECK(error_of(rule_with(R"(when = [{ fact = "usb.product", resembles = 1 }])")) ==
          "bad.toml:10: unknown operator 'resembles'");
    CHECK(error_of(rule_with(R"(when = [{ fact = "usb.speed_mbps", equals = 1, in = [1] }])")).find("exactly one operator") !=
          std::string::npos);
    CHECK(error_of(rule_with(R"(when = [{ equals = 1 }])")).find("missing 'fact'") != std::string::npos);
    CHECK(error_of(rule_with(R"(when = [{ fact = "usb.product", matches = "(" }])")).starts_with("bad.toml:10: bad regular"));
    CHECK(error_of(rule_with(R"(when = [{ fact = "usb.speed_mbps", at_least = "x" }])")).find("integer") != std::string::npos);
    CHECK(error_of(rule_with(R"(when = [{ fact = "usb.product", in = ["x", 1] }])")).find("not both") != std::string::npos);
    CHECK(error_of(rule_with("")).find("has no conditions") != std::string::npos);
    CHECK(error_of(rule_with(R"(any = [{ fact = "usb.serial", present = true }])", "min_any = 2")).find("min_any") !=
          std::string::npos);
    CHECK(error_of("[other]\nx = 1\n") == "bad.toml:1: unknown top-level key 'other'");
}

TEST_CASE("rules: bad severity, category, subject kind, missing fields and duplicate ids") {
    auto base = rule_with(R"(when = [{ fact = "usb.serial", present = true }])");
    auto replace = [&](std::string_view from, std::string_view to) {
        auto text = base;
        text.replace(text.find(from), from.size(), to);
        return text;
    };
    CHECK(error_of(replace("\"high\"", "\"severe\"")) == "bad.toml:4: unknown severity 'severe' (info, low, medium, high or critical)");
    CHECK(error_of(replace("\"kvm\"", "\"spooky\"")).starts_with("bad.toml:3: unknown category 'spooky'"));
    CHECK(error_of(replace("\"usb_device\"", "\"toaster\"")) == "bad.toml:5: unknown subject kind 'toaster'");
    CHECK(error_of(replace("title = \"Test rule\"\n", "")) == "bad.toml:1: rule is missing 'title'");
    CHECK(error_of(replace("references = [\"test\"]\n", "")) == "bad.toml:1: rule is missing 'references'");
    CHECK(error_of(replace("\"test.rule\"", "\"Test Rule\"")).find("may use only") != std::string::npos);
    CHECK(error_of(base + "\n" + base) == "bad.toml:13: duplicate rule id 'test.rule' (first defined at bad.toml:1)");
}

TEST_CASE("rules: the embedded rules load, and a rules folder adds to them or is rejected") {
    auto embedded = RuleSet::load();
    REQUIRE_MESSAGE(embedded.has_value(), (embedded ? "" : embedded.error().message));
    CHECK(embedded->version().size() == 32);

    kiosk::test::TempDir dir;
    kiosk::test::write_file(dir / "site.toml", rule_with(R"(when = [{ fact = "usb.serial", present = true }])"));
    auto with_site = RuleSet::load(dir.path());
    REQUIRE(with_site);
    CHECK(with_site->rules().size() == embedded->rules().size() + 1);
    CHECK(with_site->version() != embedded->version());

    kiosk::test::write_file(dir / "zz_broken.toml", "[[rule]]\nid = 3\n");
    auto broken = RuleSet::load(dir.path());
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message.find("zz_broken.toml:2: 'id' must be a non-empty string") != std::string::npos);

    CHECK_FALSE(RuleSet::load(dir / "missing"));
}

TEST_CASE("rules: a fact the subject kind does not have is an error with file:line and a suggestion") {
    CHECK(error_of(rule_with(R"(when = [{ fact = "usb.vidpid", equals = "1d6b:0104", not = true }])")) ==
          "bad.toml:10: unknown fact 'usb.vidpid' for subject 'usb_device' (did you mean 'usb.vid_pid'?); "
          "config/rules/README.md lists the facts of each subject");
    // a fact of another kind is unknown here too; the machine's facts are known to every kind
    CHECK(error_of(rule_with(R"(when = [{ fact = "process.comm", equals = "x" }])")).starts_with(
        "bad.toml:10: unknown fact 'process.comm' for subject 'usb_device'"));
    CHECK(RuleSet::parse(rule_with(R"(when = [{ fact = "machine.laptop", equals = true }])"), "t.toml"));
    // in any and unless, and in evidence
    CHECK(error_of(rule_with(R"(any = [{ fact = "usb.vid_pid", equals = "x" }, { fact = "usb.nope", present = true }])"))
              .starts_with("bad.toml:10: unknown fact 'usb.nope'"));
    CHECK(error_of(rule_with("when = [{ fact = \"usb.vid_pid\", equals = \"x\" }]\nunless = [{ fact = \"usb.prodcut\", "
                             "present = true }]"))
              .starts_with("bad.toml:11: unknown fact 'usb.prodcut' for subject 'usb_device' (did you mean 'usb.product'?)"));
    CHECK(error_of(rule_with(R"(when = [{ fact = "usb.vid_pid", equals = "x" }])", R"(evidence = ["usb.vid_pid", "usb.absent"])"))
              .starts_with("bad.toml:9: unknown fact 'usb.absent'"));
}

TEST_CASE("rules: an operand of another type than the fact is an error with file:line") {
    auto error = [](std::string_view condition) { return error_of(rule_with(condition)); };
    CHECK(error(R"(when = [{ fact = "usb.product", at_least = 3 }])") ==
          "bad.toml:10: 'at_least' with an integer on 'usb.product', a string fact: it can never hold");
    CHECK(error(R"(when = [{ fact = "usb.has_hid_input", equals = "x" }])") ==
          "bad.toml:10: 'equals' with a string on 'usb.has_hid_input', a bool fact: it can never hold");
    CHECK(error(R"(when = [{ fact = "usb.vid_pid", equals = 1234 }])").find("a string fact") != std::string::npos);
    CHECK(error(R"(when = [{ fact = "usb.speed_mbps", equals = true }])").find("an int fact") != std::string::npos);
    CHECK(error(R"(when = [{ fact = "usb.speed_mbps", in = ["480"] }])").find("'in' with strings") != std::string::npos);
    CHECK(error(R"(when = [{ fact = "usb.product", in = [1, 2] }])").find("'in' with integers") != std::string::npos);
    CHECK(error(R"(when = [{ fact = "usb.speed_mbps", matches = "48" }])").find("'matches'") != std::string::npos);
    CHECK(error(R"(when = [{ fact = "usb.hid_kinds", at_most = 1 }])").find("a list fact") != std::string::npos);
    // what does fit: strings on lists, present on anything, machine facts by their own type
    for (auto ok : {R"(when = [{ fact = "usb.hid_kinds", in = ["keyboard"] }])",
                    R"(when = [{ fact = "usb.hid_kinds", matches = "^key" }])",
                    R"(when = [{ fact = "usb.speed_mbps", present = true }])",
                    R"(when = [{ fact = "usb.speed_mbps", in = [12, 480] }])",
                    R"(when = [{ fact = "machine.chassis_type", at_least = 8 }])"}) {
        CAPTURE(ok);
        auto set = RuleSet::parse(rule_with(ok), "t.toml");
        CHECK_MESSAGE(set.has_value(), (set ? "" : set.error().message));
    }
}
