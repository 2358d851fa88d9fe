#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "host/inspector.h"
#include "support.h"

using kiosk::Severity;
using kiosk::host::Subject;

namespace {

std::string fixture(const std::string& name) { return (kiosk::test::fixtures() / "host" / name).string(); }

struct Scan {
    int code = 0;
    nlohmann::json document;
};

Scan scan_json(const std::string& name) {
    auto run = kiosk::test::kiosk({"scan", "--root", fixture(name), "--json"});
    REQUIRE_MESSAGE(run.err.empty(), run.err);
    return {run.code, nlohmann::json::parse(run.out)};
}

Severity worst(const nlohmann::json& document, std::string_view category = "") {
    Severity out = Severity::info;
    for (const auto& finding : document.at("findings")) {
        if (!category.empty() && finding.at("category") != category) continue;
        out = std::max(out, *kiosk::parse_severity(finding.at("severity").get<std::string>()));
    }
    return out;
}

bool fired(const nlohmann::json& document, std::string_view rule) {
    for (const auto& finding : document.at("findings"))
        if (finding.at("rule") == rule) return true;
    return false;
}

}  // namespace

TEST_CASE("scan: KVM boxes with their factory identity are critical, category kvm") {
    for (auto name : {"pikvm_v3", "pikvm_v4", "tinypilot", "jetkvm_default", "nanokvm", "blikvm", "glinet_comet",
                      "openterface_ch9329"}) {
        CAPTURE(name);
        auto result = scan_json(name);
        CHECK(result.code == 1);
        CHECK(result.document.at("verdict") == "compromised");
        CHECK(worst(result.document, "kvm") == Severity::critical);
    }
}

TEST_CASE("scan: a JetKVM posing as a Dell keyboard is caught from its traits alone") {
    auto rules = kiosk::host::RuleSet::load();
    REQUIRE(rules);
    auto report = kiosk::host::inspect({fixture("jetkvm_spoofed_dell"), {}}, *rules);
    REQUIRE(report);
    // Take away everything an operator can set from the JetKVM UI or that names the product.
    for (auto& subject : report->subjects)
        for (auto name : {"usb.manufacturer", "usb.product", "usb.serial", "usb.scsi_vendor", "usb.scsi_model",
                          "usb.scsi_revision", "usb.configuration"})
            subject.facts.erase(name);
    auto findings = rules->judge(report->subjects);
    auto worst_kvm = Severity::info;
    for (const auto& finding : findings)
        if (finding.category == "kvm") worst_kvm = std::max(worst_kvm, finding.severity);
    CHECK(worst_kvm >= Severity::high);
    CHECK(std::ranges::any_of(findings, [](const auto& f) { return f.rule == "kvm.gadget.brand_with_gadget_descriptors"; }));
}

TEST_CASE("scan: ordinary machines produce nothing at or above medium") {
    for (auto name : {"laptop", "desktop", "dell_dock", "gaming_pc", "kvm_switch_desk", "qemu_vm"}) {
        CAPTURE(name);
        auto result = scan_json(name);
        CHECK(result.code == 0);
        CHECK(worst(result.document) <= Severity::low);
        CHECK(result.document.at("verdict") == "clean");
    }
}

TEST_CASE("scan: a desk KVM switch is low and a VM's tablet is not a finding on a VM") {
    CHECK(fired(scan_json("kvm_switch_desk").document, "kvm.switch.desk"));
    auto vm = scan_json("qemu_vm").document;
    CHECK(fired(vm, "anomaly.machine.virtualized"));
    CHECK_FALSE(fired(vm, "kvm.gadget.absolute_mouse"));
    CHECK_FALSE(fired(vm, "anomaly.usb.vm_tablet_on_hardware"));
}

TEST_CASE("scan: server consoles, capture dongles, remote-control software and virtual cameras") {
    auto aten = scan_json("aten_bmc").document;
    CHECK(fired(aten, "bmc.aten.ip_console_on_laptop"));
    CHECK(worst(aten, "bmc") == Severity::high);
    auto capture = scan_json("ms2109_capture");
    CHECK(fired(capture.document, "capture.macrosilicon"));
    CHECK(capture.document.at("verdict") == "suspicious");
    auto remote = scan_json("remote_software").document;
    for (auto rule : {"remote_access.process.anydesk", "remote_access.process.rustdesk", "remote_access.process.vnc_server",
                      "remote_access.process.teamviewer", "remote_access.process.chrome_remote_desktop",
                      "remote_access.port.remote_desktop", "remote_access.port.remote_tools",
                      "remote_access.module.usbip_client", "virtual_camera.module.loopback", "remote_access.net.tailscale",
                      "remote_access.net.wireguard"}) {
        CAPTURE(rule);
        CHECK(fired(remote, rule));
    }
    CHECK_FALSE(fired(scan_json("laptop").document, "remote_access.port.remote_desktop"));  // port 631 on loopback only
    CHECK(fired(scan_json("virtual_camera").document, "virtual_camera.module.loopback"));
}

TEST_CASE("scan: JSON has findings, the six inventory sections and a verdict") {
    auto document = scan_json("pikvm_v4").document;
    for (auto key : {"usb", "displays", "cameras", "input", "software", "network"}) CHECK(document.at("inventory").contains(key));
    const auto& finding = document.at("findings").at(0);
    for (auto key : {"rule", "category", "severity", "title", "subject", "evidence"}) CHECK(finding.contains(key));
    CHECK(finding.at("severity") == "critical");  // worst first
    CHECK(document.at("inventory").at("displays").at(0).contains("edid"));
    auto input = document.at("inventory").at("input");
    CHECK(std::ranges::any_of(input, [](const auto& d) { return d.at("kinds").at(0) == "absolute_mouse" && d.at("usb_device") == "1-1"; }));
}

TEST_CASE("scan: an empty root is reported plainly with exit 0 — a bad root is exit 2") {
    kiosk::test::TempDir empty;
    auto run = kiosk::test::kiosk({"scan", "--root", empty.path().string()});
    CHECK(run.code == 0);
    CHECK(run.out.find("No USB bus, no display connectors and no cameras") != std::string::npos);
    CHECK(run.out.find("No findings.") != std::string::npos);
    auto json = kiosk::test::kiosk({"scan", "--root", empty.path().string(), "--json"});
    CHECK(json.code == 0);
    CHECK(nlohmann::json::parse(json.out).at("verdict") == "clean");

    auto missing = kiosk::test::kiosk({"scan", "--root", (empty / "nope").string()});
    CHECK(missing.code == 2);
    CHECK(missing.out.empty());
    CHECK(missing.err == "kiosk scan: " + (empty / "nope").string() + ": not a directory to inspect\n");
    CHECK(kiosk::test::kiosk({"scan", "--fail-on", "sometimes"}).code == 2);
    CHECK(kiosk::test::kiosk({"scan", "--frobnicate"}).code == 2);
}

TEST_CASE("scan: --fail-on sets the exit code — human text groups findings by severity with evidence") {
    CHECK(kiosk::test::kiosk({"scan", "--root", fixture("ms2109_capture")}).code == 0);
    CHECK(kiosk::test::kiosk({"scan", "--root", fixture("ms2109_capture"), "--fail-on", "medium"}).code == 1);
    CHECK(kiosk::test::kiosk({"scan", "--root", fixture("pikvm_v3"), "--fail-on", "critical"}).code == 1);
    auto run = kiosk::test::kiosk({"scan", "--root", fixture("tinypilot")});
    CHECK(run.code == 1);
    CHECK(run.out.find("\nCRITICAL\n") != std::string::npos);
    CHECK(run.out.find("TinyPilot USB gadget with its factory identity  [kvm.tinypilot.usb_identity, kvm]") != std::string::npos);
    CHECK(run.out.find("usb.manufacturer=tinypilot") != std::string::npos);
    CHECK(run.out.find("\nCRITICAL\n") < run.out.find("\nHIGH\n"));
}

TEST_CASE("scan: a site rules folder with a broken rule is rejected with file:line, exit 2") {
    kiosk::test::TempDir dir;
    kiosk::test::write_file(dir / "rules/site.toml", "[[rule]]\nid = \"site.x\"\ncategory = \"kvm\"\nseverity = \"dire\"\n");
    kiosk::test::write_file(dir / "kiosk.toml", "[scan]\nrules_dir = \"" + (dir / "rules").string() + "\"\n");
    auto run = kiosk::test::kiosk({"scan", "--root", fixture("laptop"), "--config", (dir / "kiosk.toml").string()});
    CHECK(run.code == 2);
    CHECK(run.err.find("site.toml:4: unknown severity 'dire'") != std::string::npos);
    CHECK(run.out.empty());
}

// A site rule (scan.rules_dir) in a kiosk.toml of its own; returns `kiosk scan` on the laptop fixture.
static kiosk::test::Run scan_with_site_rule(const kiosk::test::TempDir& dir, std::string_view conditions) {
    kiosk::test::write_file(dir / "rules/site.toml", std::string(R"([[rule]]
id = "site.not_pikvm"
category = "kvm"
severity = "critical"
subject = "usb_device"
title = "Site rule"
explanation = "For the test."
references = ["test"]
)") + std::string(conditions) + "\n");
    kiosk::test::write_file(dir / "kiosk.toml", "[scan]\nrules_dir = \"" + (dir / "rules").string() + "\"\n");
    return kiosk::test::kiosk({"scan", "--root", fixture("laptop"), "--config", (dir / "kiosk.toml").string()});
}

TEST_CASE("scan: a site rule on a misspelt fact is rejected with file:line, exit 2 (it used to make the laptop compromised)") {
    kiosk::test::TempDir dir;
    auto run = scan_with_site_rule(dir, R"(when = [{ fact = "usb.vidpid", equals = "1d6b:0104", not = true }])");
    CHECK(run.code == 2);
    CHECK(run.out.empty());
    CHECK_MESSAGE(run.err.find("site.toml:9: unknown fact 'usb.vidpid' for subject 'usb_device' (did you mean "
                               "'usb.vid_pid'?)") != std::string::npos,
                  run.err);

    // spelt right, the same rule loads and judges the laptop's three USB devices
    kiosk::test::TempDir good;
    auto fixed = scan_with_site_rule(good, R"(when = [{ fact = "usb.vid_pid", equals = "1d6b:0104", not = true }])");
    CHECK_MESSAGE(fixed.err.empty(), fixed.err);
    CHECK(fixed.code == 1);
}

TEST_CASE("scan: a site rule comparing a fact with the wrong type is rejected with file:line, exit 2") {
    kiosk::test::TempDir dir;
    auto run = scan_with_site_rule(dir, R"(when = [{ fact = "usb.product", at_least = 3 }])");
    CHECK(run.code == 2);
    CHECK(run.out.empty());
    CHECK_MESSAGE(run.err.find("site.toml:9: 'at_least' with an integer on 'usb.product', a string fact") !=
                      std::string::npos,
                  run.err);
    kiosk::test::TempDir other;
    auto flag = scan_with_site_rule(other, R"(when = [{ fact = "usb.has_hid_input", equals = "yes" }])");
    CHECK(flag.code == 2);
    CHECK(flag.err.find("site.toml:9: 'equals' with a string on 'usb.has_hid_input', a bool fact") != std::string::npos);
}

TEST_CASE("scan: a part that cannot be read is reported (could not read …) and judged high, not dropped") {
    // sys/class/drm is a file where a folder belongs
    auto result = scan_json("unreadable_drm");
    CHECK(result.code == 1);
    CHECK(result.document.at("inventory").at("unreadable") ==
          nlohmann::json::parse(R"([{"part": "displays", "error": "sys/class/drm: Not a directory"}])"));
    CHECK(fired(result.document, "anomaly.inventory_unreadable"));
    CHECK(worst(result.document) == Severity::high);
    CHECK(result.document.at("inventory").at("input").size() == 1);  // the other readers went on
    auto text = kiosk::test::kiosk({"scan", "--root", fixture("unreadable_drm")});
    CHECK(text.code == 1);
    CHECK_MESSAGE(text.out.find("on displays: could not read sys/class/drm: Not a directory") != std::string::npos,
                  text.out);

    // a table that is a folder, and a missing part, on an otherwise ordinary laptop
    kiosk::test::TempDir dir;
    const auto root = dir / "laptop";
    std::filesystem::copy(fixture("laptop"), root, std::filesystem::copy_options::recursive |
                                                       std::filesystem::copy_options::copy_symlinks);
    std::filesystem::remove(root / "proc/modules");
    std::filesystem::create_directory(root / "proc/modules");
    std::filesystem::remove_all(root / "sys/class/net");  // missing is ordinary: no finding for it
    auto modules = kiosk::test::kiosk({"scan", "--root", root.string(), "--json"});
    const auto document = nlohmann::json::parse(modules.out);
    CHECK(document.at("inventory").at("unreadable") ==
          nlohmann::json::parse(R"([{"part": "modules", "error": "proc/modules: Is a directory"}])"));
    CHECK(document.at("verdict") == "compromised");

    // the laptop itself reads in full
    CHECK_FALSE(scan_json("laptop").document.at("inventory").contains("unreadable"));
}

TEST_CASE("scan: garbage sysfs and proc values are read without a crash and print as valid JSON") {
    auto result = scan_json("garbage");
    CHECK(result.document.at("inventory").at("usb").size() == 2);
    CHECK(result.document.at("inventory").at("usb").at(1).at("interfaces").at(0).contains("hid_error"));
    CHECK(result.document.at("inventory").at("displays").size() == 1);
}

TEST_CASE("scan: a listening socket's port must be a port: signed or oversized numbers are not read as one") {
    kiosk::test::TempDir dir;
    const auto root = dir / "laptop";
    std::filesystem::copy(fixture("laptop"), root, std::filesystem::copy_options::recursive |
                                                       std::filesystem::copy_options::copy_symlinks);
    kiosk::test::write_file(root / "proc/net/tcp",
                            "  sl  local_address rem_address   st\n"
                            "   0: 00000000:1F90 00000000:0000 0A\n"     // 8080
                            "   1: 00000000:2770C 00000000:0000 0A\n"    // 161,548: no port
                            "   2: 00000000:-27E 00000000:0000 0A\n"     // negative: no port
                            "   3: -0000001:0016 00000000:0000 0A\n");   // a signed address word
    auto run = kiosk::test::kiosk({"scan", "--root", root.string(), "--json"});
    const auto document = nlohmann::json::parse(run.out);
    std::vector<int> ports;
    for (const auto& listener : document.at("inventory").at("software").at("listening"))
        if (listener.at("family") == "tcp") ports.push_back(listener.at("port").get<int>());
    CHECK(ports == std::vector<int>{8080});
}

TEST_CASE("scan: a sysfs entry named with invalid UTF-8 is escaped in the JSON, not fatal") {
    kiosk::test::TempDir dir;
    const auto root = dir / "desktop";
    std::filesystem::copy(fixture("desktop"), root, std::filesystem::copy_options::recursive |
                                                        std::filesystem::copy_options::copy_symlinks);
    const auto devices = root / "sys" / "bus" / "usb" / "devices";
    std::filesystem::create_symlink(std::filesystem::read_symlink(devices / "1-2"), devices / "1-9\xfe");
    auto run = kiosk::test::kiosk({"scan", "--root", root.string(), "--json"});
    CHECK_MESSAGE((run.code == 0 || run.code == 1), run.err);
    CHECK(run.err.empty());
    const auto document = nlohmann::json::parse(run.out);
    CHECK(std::ranges::any_of(document.at("inventory").at("usb"),
                              [](const auto& device) { return device.at("path") == "1-9\\xfe"; }));
}

TEST_CASE("scan: this machine (a container in CI) scans without error") {
    auto run = kiosk::test::kiosk({"scan", "--json"});
    CHECK((run.code == 0 || run.code == 1));
    CHECK(nlohmann::json::parse(run.out).contains("verdict"));
}
