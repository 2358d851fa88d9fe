// LAN neighbours on fixture trees: KVM-maker and single-board-computer neighbours are context
// (low/medium), an office LAN of printers and laptops raises nothing.
#include <doctest/doctest.h>

#include <algorithm>

#include "host/neighbours.h"
#include "host/rules.h"
#include "support.h"

using namespace kiosk;
using namespace kiosk::host;

namespace {

std::filesystem::path tree(const char* name) { return test::fixtures() / "watch" / "neighbours" / name; }

std::vector<Finding> judge(const std::vector<Subject>& subjects) {
    auto rules = RuleSet::load();
    REQUIRE_MESSAGE(rules.has_value(), (rules ? "" : rules.error().message));
    return rules->judge(subjects);
}

const Subject* by_mac(const std::vector<Subject>& subjects, const std::string& mac) {
    for (const auto& subject : subjects)
        if (std::get<std::string>(subject.facts.at("neighbour.mac")) == mac) return &subject;
    return nullptr;
}

std::vector<std::string> rules_for(const std::vector<Finding>& findings, const std::string& mac) {
    std::vector<std::string> out;
    for (const auto& finding : findings)
        if (finding.subject.find(mac) != std::string::npos) out.push_back(finding.rule);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("ARP and IPv6 tables merge into one neighbour per MAC, with its vendor from the IEEE registry") {
    auto registry = OuiRegistry::open();
    if (registry.empty()) {
        MESSAGE("skipped: ieee-data is not installed");
        return;
    }
    auto subjects = read_neighbours(tree("farm_lan"), registry);
    CHECK(subjects.size() == 6);  // the incomplete ARP entry and the FAILED IPv6 one are left out
    const Subject* pi = by_mac(subjects, "dc:a6:32:aa:bb:01");
    REQUIRE(pi);
    CHECK(pi->kind == "neighbour");
    CHECK(std::get<std::string>(pi->facts.at("neighbour.vendor")) == "Raspberry Pi Trading Ltd");
    CHECK(std::get<std::string>(pi->facts.at("neighbour.registry")) == "MA-L");
    CHECK(std::get<std::vector<std::string>>(pi->facts.at("neighbour.addresses")) ==
          std::vector<std::string>{"192.168.8.23", "fe80::dea6:32ff:feaa:bb01"});
    CHECK(std::get<std::vector<std::string>>(pi->facts.at("neighbour.families")) == std::vector<std::string>{"ipv4", "ipv6"});
    const Subject* rockchip = by_mac(subjects, "10:dc:b6:90:00:31");
    REQUIRE(rockchip);
    CHECK(std::get<std::string>(rockchip->facts.at("neighbour.registry")) == "MA-M");  // the 28-bit block wins
    CHECK(std::get<std::string>(rockchip->facts.at("neighbour.vendor")).find("Rockchip") != std::string::npos);
}

TEST_CASE("A farm LAN: Raspberry Pis and Rockchip boards are low, a KVM maker and NanoKVM's USB link medium") {
    if (OuiRegistry::open().empty()) {
        MESSAGE("skipped: ieee-data is not installed");
        return;
    }
    auto findings = judge(read_neighbours(tree("farm_lan")));
    CHECK(rules_for(findings, "dc:a6:32:aa:bb:01") == std::vector<std::string>{"kvm.neighbour.single_board_computer"});
    CHECK(rules_for(findings, "e4:5f:01:aa:bb:02") == std::vector<std::string>{"kvm.neighbour.single_board_computer"});
    CHECK(rules_for(findings, "10:dc:b6:90:00:31") == std::vector<std::string>{"kvm.neighbour.single_board_computer"});
    CHECK(rules_for(findings, "94:83:c4:12:34:56") == std::vector<std::string>{"kvm.neighbour.kvm_maker"});
    CHECK(rules_for(findings, "48:da:35:6e:01:02") == std::vector<std::string>{"kvm.neighbour.nanokvm_usb_network"});
    CHECK(rules_for(findings, "98:e7:43:11:22:33").empty());  // a Dell laptop
    for (const auto& finding : findings) {
        CHECK(finding.severity <= Severity::medium);
        if (finding.rule == "kvm.neighbour.single_board_computer") CHECK(finding.severity == Severity::low);
    }
    CHECK(host_verdict(findings) != HostVerdict::compromised);
}

TEST_CASE("An office LAN of printers, laptops, a router and a phone raises nothing") {
    auto subjects = read_neighbours(tree("office_lan"));
    CHECK(subjects.size() == 9);
    CHECK(judge(subjects).empty());
    const Subject* phone = by_mac(subjects, "5a:1f:c3:9e:20:96");
    REQUIRE(phone);
    CHECK(std::get<bool>(phone->facts.at("neighbour.locally_administered")));
}

TEST_CASE("Every neighbour rule says it is context and never a verdict on its own") {
    auto rules = RuleSet::load();
    REQUIRE(rules.has_value());
    std::size_t neighbour_rules = 0;
    for (const auto& rule : rules->rules()) {
        if (rule.subject_kind != "neighbour") continue;
        ++neighbour_rules;
        CAPTURE(rule.id);
        CHECK(rule.severity <= Severity::medium);
        CHECK(rule.explanation.find("never decides a verdict on its own") != std::string::npos);
    }
    CHECK(neighbour_rules == 3);
}

TEST_CASE("Without the IEEE registry vendors are unknown, and only the MAC pattern rule can fire") {
    test::TempDir empty;
    auto registry = OuiRegistry::open(empty.path());
    CHECK(registry.empty());
    auto subjects = read_neighbours(tree("farm_lan"), registry);
    REQUIRE(subjects.size() == 6);
    for (const auto& subject : subjects) {
        CHECK_FALSE(subject.facts.contains("neighbour.vendor"));
        CHECK_FALSE(std::get<bool>(subject.facts.at("neighbour.vendor_known")));
    }
    auto findings = judge(subjects);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule == "kvm.neighbour.nanokvm_usb_network");
}

TEST_CASE("Neighbour tables that are garbage or missing give no neighbours and no crash") {
    test::TempDir root;
    CHECK(read_neighbours(root.path()).empty());
    test::write_file(root / "proc/net/arp", std::string("IP address HW type\n\x01\xff 0xZZ 0x2 zz:zz *\n1.2.3.4 0x1 0x2 01:00:5e:00:00:01 * eth0\n"
                                                        "1.2.3.5 0x1 0x2 aa:bb:cc:dd:ee * eth0\n"));
    test::write_file(root / "proc/net/ndisc_cache", "fe80::1 dev\nlladdr\n\n fe80::2 lladdr 02:00:00:00:00:01\n");
    auto subjects = read_neighbours(root.path());
    REQUIRE(subjects.size() == 1);  // multicast and 5-byte MACs dropped; the dangling line kept its MAC
    CHECK(std::get<std::string>(subjects[0].facts.at("neighbour.mac")) == "02:00:00:00:00:01");
}

TEST_CASE("The inventory lists each neighbour with its addresses and vendor") {
    auto inventory = neighbours_inventory(read_neighbours(tree("office_lan")));
    REQUIRE(inventory.size() == 9);
    CHECK(inventory[0].contains("mac"));
    CHECK(inventory[0]["addresses"].is_array());
}

TEST_CASE("kiosk scan reports the neighbours under inventory.network.neighbours, with their findings") {
    auto farm = test::kiosk({"scan", "--root", tree("farm_lan").string(), "--json"});
    REQUIRE(farm.code != 2);
    auto document = nlohmann::json::parse(farm.out);
    CHECK(document["inventory"]["network"]["neighbours"].size() == 6);
    std::size_t neighbour_findings = 0;
    for (const auto& finding : document["findings"])
        neighbour_findings += finding["rule"].get<std::string>().starts_with("kvm.neighbour.");
    CHECK(neighbour_findings == (OuiRegistry::open().empty() ? 1 : 5));
    CHECK(document["verdict"] != "compromised");

    auto office = test::kiosk({"scan", "--root", tree("office_lan").string(), "--json"});
    CHECK(office.code == 0);
    auto quiet = nlohmann::json::parse(office.out);
    CHECK(quiet["inventory"]["network"]["neighbours"].size() == 9);
    CHECK(quiet["findings"].empty());
    CHECK(quiet["verdict"] == "clean");
}
