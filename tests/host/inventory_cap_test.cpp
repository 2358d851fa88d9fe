#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "host/inspector.h"
#include "host/sysfs.h"
#include "host/usb_tree.h"
#include "support.h"

namespace fs = std::filesystem;
using kiosk::Finding;

namespace {

constexpr std::string_view truncated = "anomaly.inventory_truncated";

// The PiKVM V4 fixture (its gadget is 1-1) with `dummies` plain USB devices, half on bus 0 (sorted
// before 1-1) and half on bus 9 (sorted after). Each is a pair of links in sys/bus/usb/devices, to
// the device and to its one vendor-specific interface, as sysfs lays them out; the links all lead to
// one device directory, which the reader cannot tell from many and which keeps the test fast.
fs::path flooded_pikvm(const kiosk::test::TempDir& dir, int dummies) {
    const auto root = dir / "machine";
    fs::copy(kiosk::test::fixtures() / "host/pikvm_v4", root,
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    const std::string device = "devices/platform/dummy_hcd.0/usb0/0-1";
    kiosk::test::write_file(root / "sys" / device / "idVendor", "1209\n");
    kiosk::test::write_file(root / "sys" / device / "idProduct", "0001\n");
    kiosk::test::write_file(root / "sys" / device / "0-1:1.0/bInterfaceClass", "ff\n");
    const auto links = root / "sys/bus/usb/devices";
    for (int i = 0; i < dummies; ++i) {
        const auto name = (i % 2 ? "9-" : "0-") + std::to_string(i / 2 + 1);
        fs::create_directory_symlink("../../../" + device, links / name);
        fs::create_directory_symlink("../../../" + device + "/0-1:1.0", links / (name + ":1.0"));
    }
    return root;
}

std::vector<Finding> findings_on(const fs::path& root) {
    auto rules = kiosk::host::RuleSet::load();
    REQUIRE(rules);
    auto report = kiosk::host::inspect({root, {}}, *rules);
    REQUIRE(report);
    return report->findings;
}

std::set<std::pair<std::string, std::string>> rule_and_subject(const std::vector<Finding>& findings) {
    std::set<std::pair<std::string, std::string>> out;
    for (const auto& f : findings) out.emplace(f.rule, f.subject);
    return out;
}

std::vector<Finding> truncations(const std::vector<Finding>& findings) {
    std::vector<Finding> out;
    std::ranges::copy_if(findings, std::back_inserter(out), [](const Finding& f) { return f.rule == truncated; });
    return out;
}

}  // namespace

TEST_CASE("inventory cap: 2,200 dummies before and after a PiKVM hide none of its findings and are reported") {
    const auto plain = findings_on(kiosk::test::fixtures() / "host/pikvm_v4");
    CHECK(truncations(plain).empty());
    REQUIRE(plain.size() >= 10);

    kiosk::test::TempDir dir;
    const auto flooded = findings_on(flooded_pikvm(dir, 2200));
    const auto seen = rule_and_subject(flooded);
    for (const auto& finding : rule_and_subject(plain)) {
        CAPTURE(finding.first);
        CHECK(seen.contains(finding));
    }
    const auto caps = truncations(flooded);
    REQUIRE(caps.size() == 1);
    CHECK(caps[0].severity == kiosk::Severity::high);
    CHECK(caps[0].category == "anomaly");
    CHECK(caps[0].evidence.at("inventory.part") == "usb");
    // Two root hubs, the PiKVM and the dummies, less what the cap reads in full.
    CHECK(caps[0].evidence.at("inventory.skipped") == 2203 - static_cast<int>(kiosk::host::usb_devices_read_in_full));
}

TEST_CASE("inventory cap: a tree of exactly the cap is read whole, one more and one device is left") {
    kiosk::test::TempDir dir;
    const auto root = flooded_pikvm(dir, 40);  // + two root hubs + the PiKVM
    const auto whole = kiosk::host::read_usb_tree(root, 43);
    CHECK(whole.found == 43);
    CHECK(whole.devices.size() == 43);
    const auto short_one = kiosk::host::read_usb_tree(root, 42);
    CHECK(short_one.found == 43);
    CHECK(short_one.devices.size() == 42);
}

TEST_CASE("inventory cap: telling devices are read before plain ones, whatever their names") {
    kiosk::test::TempDir dir;
    const auto tree = kiosk::host::read_usb_tree(flooded_pikvm(dir, 40), 4);
    CHECK(tree.found == 43);
    REQUIRE(tree.devices.size() == 4);
    for (auto path : {"usb1", "usb2", "1-1"})
        CHECK(std::ranges::count(tree.devices, std::string(path), &kiosk::host::UsbDevice::path) == 1);
}

TEST_CASE("inventory cap: a table past its cap keeps whole lines and counts the ones left") {
    kiosk::test::TempDir dir;
    kiosk::test::write_file(dir / "table", "header\none\ntwo\nthree\nfour");
    auto table = kiosk::host::sysfs::read_table(dir / "table", 13);  // "header\none\ntw|o…"
    REQUIRE(table);
    CHECK(table->text == "header\none\n");
    CHECK(table->lines_left == 3);
    auto whole = kiosk::host::sysfs::read_table(dir / "table", 25);
    REQUIRE(whole);
    CHECK(whole->text == "header\none\ntwo\nthree\nfour");
    CHECK(whole->lines_left == 0);
    CHECK_FALSE(kiosk::host::sysfs::read_table(dir / "missing", 10));
}

TEST_CASE("inventory cap: an ARP table past its 4 MiB read cap is reported, never silently cut") {
    kiosk::test::TempDir dir;
    const auto root = dir / "machine";
    fs::copy(kiosk::test::fixtures() / "host/laptop", root, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    std::string table = "IP address       HW type     Flags       HW address            Mask     Device\n";
    for (int i = 0; table.size() < (5u << 20); ++i)
        table += "10." + std::to_string(i >> 16 & 255) + "." + std::to_string(i >> 8 & 255) + "." + std::to_string(i & 255) +
                 "       0x1         0x2         02:00:00:00:00:01     *        wlan0\n";
    kiosk::test::write_file(root / "proc/net/arp", table);
    auto run = kiosk::test::kiosk({"scan", "--root", root.string(), "--json"});
    REQUIRE_MESSAGE(run.code != 2, run.err);
    const auto document = nlohmann::json::parse(run.out);
    const auto& cut = document.at("inventory").at("truncated");
    REQUIRE(cut.size() == 1);
    CHECK(cut.at(0).at("part") == "neighbours");
    CHECK(cut.at(0).at("skipped").get<int>() > 10000);
    CHECK(cut.at(0).at("how").get<std::string>().find("proc/net/arp") != std::string::npos);
    CHECK(std::ranges::any_of(document.at("findings"), [](const auto& f) { return f.at("rule") == truncated; }));
}
