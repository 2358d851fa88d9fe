// config/rules/displays.toml on hand-built EDIDs: what must fire, what must stay quiet.
#include <doctest/doctest.h>

#include <algorithm>

#include "edid_builder.h"
#include "host/edid.h"
#include "host/rules.h"

using namespace kiosk::test;
using kiosk::Finding;
using kiosk::Severity;

namespace {

const kiosk::host::RuleSet& rules() {
    static const auto loaded = kiosk::host::RuleSet::load();
    REQUIRE_MESSAGE(loaded.has_value(), (loaded ? "" : loaded.error().message));
    return *loaded;
}

std::vector<Finding> judge(const std::vector<std::uint8_t>& bytes) {
    auto edid = kiosk::host::decode_edid(bytes);
    REQUIRE(edid);
    const std::array subjects{kiosk::host::display_subject(*edid, "card0-HDMI-A-1")};
    return rules().judge(subjects);
}

// Highest severity among findings of `category` ("" = any category); nullopt when none.
std::optional<Severity> worst(const std::vector<Finding>& findings, std::string_view category = "") {
    std::optional<Severity> result;
    for (const auto& f : findings)
        if (category.empty() || f.category == category) result = std::max(result.value_or(Severity::info), f.severity);
    return result;
}

bool fired(const std::vector<Finding>& findings, std::string_view rule) {
    return std::ranges::any_of(findings, [&](const Finding& f) { return f.rule == rule; });
}

std::vector<std::uint8_t> pikvm_video_block() { return video_block({0x84, 31, 19, 34, 62, 33, 61, 32, 60, 1}); }

// Built from kvm.md §2's PiKVM row: LNX 0x7770, 35/2016, 53x30 cm, 50-75 Hz/15-82 kHz/170 MHz, 720p60, CAFEBABE.
EdidBuilder pikvm() {
    EdidBuilder b;
    b.manufacturer("LNX").product(0x7770).serial(0x01010101).date(35, 2016).size_cm(53, 30);
    b.timing(0, mode_720p60).range(1, 50, 75, 15, 82, 170).name(2, "PiKVM").serial_string(3, "CAFEBABE");
    b.cta({pikvm_video_block(), hdmi_block(225)});
    return b;
}

// The TC358743 reference EDID lineage (kvm.md §2): serial 0x88888800, 28/2011, no size, bridge range limits.
EdidBuilder toshiba_reference(std::string_view name) {
    EdidBuilder b;
    b.manufacturer("TSB").product(0x8888).serial(0x88888800).date(28, 2011).size_cm(0, 0);
    b.timing(0, mode_720p60).range(1, 59, 61, 15, 46, 150).name(2, name);
    return b;
}

EdidBuilder office_monitor() {
    EdidBuilder b;
    b.manufacturer("DEL").product(0xA0C3).serial(0x4C354641).date(35, 2018).size_cm(53, 30);
    b.timing(0, mode_1080p60).serial_string(1, "7MT0186B0KKL").range(2, 56, 76, 30, 83, 170).name(3, "DELL P2419H");
    b.cta({video_block({0x90, 4, 3, 2}), audio_block_lpcm_2ch(), hdmi_block(165)});
    return b;
}

}  // namespace

TEST_CASE("edid rules: load without errors and every display rule has an explanation") {
    const auto displays = std::ranges::count_if(rules().rules(), [](const auto& r) { return r.subject_kind == "display"; });
    CHECK(displays >= 10);
    for (const auto& rule : rules().rules())
        if (rule.subject_kind == "display") CHECK_MESSAGE(rule.explanation.size() > 40, rule.id);
}

TEST_CASE("edid rules: PiKVM with its factory identity is a critical KVM finding") {
    const auto findings = judge(pikvm().bytes());
    CHECK(worst(findings, "kvm") == Severity::critical);
    CHECK(fired(findings, "kvm.pikvm.edid"));
    CHECK(fired(findings, "kvm.edid.cloned_serial"));
}

TEST_CASE("edid rules: a PiKVM EDID renamed to a Dell monitor is still caught by its template") {
    auto renamed = pikvm();
    renamed.manufacturer("DEL").product(0xA0C3).serial(0x4C354641).name(2, "DELL P2419H").serial_string(3, "7MT0186B0KKL");
    const auto findings = judge(renamed.bytes());
    CHECK_FALSE(fired(findings, "kvm.pikvm.edid"));
    CHECK_FALSE(fired(findings, "kvm.edid.cloned_serial"));
    CHECK(fired(findings, "kvm.edid.pikvm_template"));
    CHECK(worst(findings, "kvm") >= Severity::high);
}

TEST_CASE("edid rules: the PiKVM template needs its date and range together") {
    auto other_date = pikvm();
    other_date.manufacturer("DEL").product(0xA0C3).name(2, "DELL P2419H").serial_string(3, "7MT0186B0KKL").date(36, 2016);
    CHECK_FALSE(fired(judge(other_date.bytes()), "kvm.edid.pikvm_template"));
    CHECK(worst(judge(other_date.bytes())) < Severity::medium);
}

TEST_CASE("edid rules: Toshiba-H2C and TinyPilot identities") {
    CHECK(worst(judge(toshiba_reference("Toshiba-H2C").bytes()), "kvm") >= Severity::high);
    auto tinypilot = toshiba_reference("TinyPilot");
    tinypilot.product(0x9876).date(45, 2020).timing(0, mode_1080p30);
    CHECK(worst(judge(tinypilot.bytes()), "kvm") == Severity::critical);
    tinypilot.name(2, "LG TV");  // renamed, ids kept
    CHECK(fired(judge(tinypilot.bytes()), "kvm.toshiba_bridge.edid_identity"));
    CHECK(worst(judge(tinypilot.bytes()), "kvm") == Severity::critical);
}

TEST_CASE("edid rules: a renamed Toshiba-bridge EDID is suspicious from its traits, not proven") {
    auto renamed = toshiba_reference("SyncMaster");
    renamed.manufacturer("SAM").product(0x0F00).timing(0, mode_1080p30);
    const auto findings = judge(renamed.bytes());
    CHECK(fired(findings, "kvm.edid.toshiba_bridge_lineage"));
    CHECK(worst(findings, "kvm") == Severity::medium);
}

TEST_CASE("edid rules: a JetKVM-style EDID that declares a missing extension, renamed") {
    auto jet = toshiba_reference("HP 24mh");
    jet.manufacturer("HWP").product(0x3397).range(1, 20, 120, 1, 255, 290).timing(0, mode_1080p60).declared_extensions(1);
    const auto findings = judge(jet.bytes());
    CHECK(fired(findings, "kvm.edid.toshiba_bridge_lineage"));
    CHECK(worst(findings, "kvm") == Severity::medium);
}

TEST_CASE("edid rules: an OEM panel reusing the Toshiba serial and date stays below medium") {
    // ASUS ScreenXpert-style secondary screen (kvm.md §2 false-positive bait): real size, own range limits.
    auto oem = toshiba_reference("ScreenXpert-");
    oem.size_cm(6, 13).range(1, 20, 120, 1, 255, 290);
    const auto findings = judge(oem.bytes());
    CHECK_FALSE(findings.empty());  // the single-trait note
    CHECK(worst(findings) < Severity::medium);
}

TEST_CASE("edid rules: one weak trait alone never reaches medium") {
    CHECK(worst(judge(office_monitor().bytes())) == std::nullopt);
    CHECK(worst(judge(office_monitor().declared_extensions(2).bytes())) == Severity::low);  // extension missing
    CHECK(worst(judge(office_monitor().serial(0x88888800).bytes())) == Severity::low);
    CHECK(worst(judge(office_monitor().size_cm(0, 0).bytes())) == std::nullopt);
    CHECK(worst(judge(office_monitor().timing(0, mode_1080p30).bytes())) == std::nullopt);
    auto zero_block = office_monitor().declared_extensions(1).bytes();
    zero_block.resize(128);
    zero_block.resize(256, 0);
    CHECK(worst(judge(zero_block)) == Severity::low);
}

TEST_CASE("edid rules: three structural bridge traits together are medium") {
    auto bytes = office_monitor().date(28, 2011).timing(0, mode_1080p30).declared_extensions(1).bytes();
    bytes.resize(128);  // the CTA block is declared but not supplied
    const auto findings = judge(bytes);
    CHECK(fired(findings, "kvm.edid.bridge_traits"));
    CHECK(worst(findings, "kvm") == Severity::medium);
}

TEST_CASE("edid rules: the GL.iNet Comet block appended to a cloned monitor EDID") {
    std::array<std::uint8_t, 128> comet{};
    const std::array<std::uint8_t, 18> prefix{0x02, 0x03, 0x12, 0xF0, 0x23, 0x09, 0x04, 0x01, 0x83,
                                              0x01, 0x00, 0x00, 0x65, 0x03, 0x0C, 0x00, 0x10, 0x00};
    std::ranges::copy(prefix, comet.begin());
    auto monitor = office_monitor();
    EdidBuilder cloned;
    cloned.manufacturer("DEL").product(0xA0C3).timing(0, mode_1080p60).name(3, "DELL P2419H").extension(comet);
    const auto findings = judge(cloned.bytes());
    CHECK(fired(findings, "kvm.edid.comet_block"));
    CHECK(worst(findings, "kvm") == Severity::medium);
    CHECK_FALSE(fired(judge(monitor.bytes()), "kvm.edid.comet_block"));
}

TEST_CASE("edid rules: cloned JetKVM preset serial and NanoKVM legacy serial") {
    CHECK(worst(judge(office_monitor().serial_string(1, "3S5GQ23").bytes()), "kvm") >= Severity::high);
    auto nano = office_monitor();
    nano.manufacturer("PHL").product(0xC233).name(3, "PHL 342E2").serial_string(1, "UK02143047718");
    CHECK(worst(judge(nano.bytes()), "kvm") == Severity::critical);
}

TEST_CASE("edid rules: names of KVMs, enterprise consoles and capture dongles") {
    CHECK(worst(judge(office_monitor().name(3, "KVM-via-IP").bytes()), "kvm") >= Severity::high);
    CHECK(worst(judge(office_monitor().name(3, "Raritan CIM").bytes()), "kvm") >= Severity::high);
    const auto dongle = judge(office_monitor().manufacturer("HJW").product(0x0001).name(3, "HDMI TO USB").bytes());
    CHECK(worst(dongle, "capture") == Severity::high);
    CHECK(worst(dongle, "kvm") == Severity::high);
    const auto renamed_dongle = judge(office_monitor().manufacturer("HJW").product(0x2130).name(3, "Monitor").bytes());
    CHECK(worst(renamed_dongle, "capture") == Severity::high);
}

TEST_CASE("edid rules: dummy plugs and virtual machines are virtual_display, never above medium") {
    const auto dummy = judge(office_monitor().manufacturer("ZLX").product(0x0301).name(3, "Dummy display").bytes());
    CHECK(worst(dummy, "virtual_display") == Severity::medium);
    CHECK(worst(dummy) == Severity::medium);
    const auto forced = judge(office_monitor().manufacturer("LNX").product(0).name(3, "Linux FHD").serial_string(1, "Linux #0").bytes());
    CHECK(worst(forced) == Severity::medium);
    CHECK_FALSE(fired(forced, "kvm.pikvm.edid"));
    const auto qemu = judge(office_monitor().manufacturer("RHT").product(0x1234).name(3, "QEMU Monitor").bytes());
    CHECK(worst(qemu, "virtual_display") == Severity::low);
    CHECK(worst(qemu) == Severity::low);
}

TEST_CASE("edid rules: splitters and HDMI receivers are noted, not judged KVM") {
    const auto splitter = judge(office_monitor().name(3, "HDMI SPLITTER").bytes());
    CHECK(worst(splitter) == Severity::low);
    CHECK(worst(splitter, "kvm") == std::nullopt);
}
