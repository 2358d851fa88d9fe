// MAC → vendor over a small IEEE registry written here: the longest registration wins, quoted names
// keep their commas, the later of two lines for one prefix wins, and a prefix that is missing, a line
// that is malformed and a text that is not a MAC all answer nullopt.
#include <doctest/doctest.h>

#include "host/oui.h"
#include "support.h"

using namespace kiosk;
using namespace kiosk::host;

namespace {

void write_registry(const test::TempDir& dir) {
    test::write_file(dir / "oui.csv",
                     "Registry,Assignment,Organization Name,Organization Address\n"
                     "MA-L,DCA632,Raspberry Pi Trading Ltd,Maurice Wilkes Building Cambridge GB CB4 0DS \n"
                     "MA-L,F4BD9E,\"Cisco Systems, Inc\",80 West Tasman Drive San Jose CA US 94568 \r\n"
                     "MA-L, 10dcb6 ,Lower Case Board Co,somewhere\n"
                     "MA-L,080030,First Holder,old\n"
                     "MA-L,080030,Second Holder,new\n"
                     "MA-L,ABCDEF\n"                   // no organization: not a registration
                     "MA-L,12345G,Not Hex Ltd,x\n"     // not hex
                     "MA-L,12345,Five Digits Ltd,x\n"  // not a registry's length
                     "garbage without commas\n"
                     "\n");
    test::write_file(dir / "mam.csv",
                     "Registry,Assignment,Organization Name,Organization Address\n"
                     "MA-M,10DCB69,Rockchip Electronics Co.,Fuzhou CN\n");
    test::write_file(dir / "oui36.csv",
                     "Registry,Assignment,Organization Name,Organization Address\n"
                     "MA-S,70B3D5123,Small Block GmbH,Berlin DE\n");
}

std::string organization(const std::optional<OuiVendor>& vendor) { return vendor ? vendor->organization : "(none)"; }

}  // namespace

TEST_CASE("OUI lookup: the most specific registration, names as written, malformed lines ignored") {
    test::TempDir dir;
    write_registry(dir);
    const auto registry = OuiRegistry::open(dir.path());
    CHECK(registry.files().size() == 3);
    CHECK_FALSE(registry.empty());

    const auto pi = registry.lookup("dc:a6:32:01:02:03");
    REQUIRE(pi);
    CHECK(pi->organization == "Raspberry Pi Trading Ltd");
    CHECK(pi->registry == "MA-L");
    CHECK(pi->prefix == "DCA632");
    CHECK(organization(registry.lookup("F4-BD-9E-00-00-01")) == "Cisco Systems, Inc");

    // 10:dc:b6:9… is inside the 28-bit block, 10:dc:b6:1… only under the 24-bit one (written in lower case).
    const auto rockchip = registry.lookup("10:dc:b6:90:00:31");
    REQUIRE(rockchip);
    CHECK(rockchip->registry == "MA-M");
    CHECK(rockchip->prefix == "10DCB69");
    CHECK(rockchip->organization == "Rockchip Electronics Co.");
    const auto board = registry.lookup("10:dc:b6:10:00:00");
    REQUIRE(board);
    CHECK(board->prefix == "10DCB6");
    CHECK(board->organization == "Lower Case Board Co");

    const auto small = registry.lookup("70:b3:d5:12:3f:ff");
    REQUIRE(small);
    CHECK(small->registry == "MA-S");
    CHECK(small->prefix == "70B3D5123");
    CHECK_FALSE(registry.lookup("70:b3:d5:12:4f:ff"));  // beside the 36-bit block, and no 24-bit one

    CHECK(organization(registry.lookup("08:00:30:00:00:01")) == "Second Holder");
    CHECK_FALSE(registry.lookup("00:11:22:33:44:55"));  // not registered
    CHECK_FALSE(registry.lookup("ab:cd:ef:00:00:01"));  // its only line has no organization
    CHECK_FALSE(registry.lookup("12:34:5a:00:00:01"));
    CHECK_FALSE(registry.lookup("dc:a6:32:01:02"));     // five bytes
    CHECK_FALSE(registry.lookup("not a mac address"));
}

TEST_CASE("OUI lookup: a batch answers each MAC in order, as one lookup each would") {
    test::TempDir dir;
    write_registry(dir);
    const auto registry = OuiRegistry::open(dir.path());
    const std::vector<std::string> macs{"00:11:22:33:44:55", "dc:a6:32:aa:bb:cc", "bogus", "10:dc:b6:90:00:31",
                                        "dc:a6:32:aa:bb:cd", "70:b3:d5:12:3f:ff"};
    const auto vendors = registry.lookup(macs);
    REQUIRE(vendors.size() == macs.size());
    for (std::size_t i = 0; i < macs.size(); ++i) {
        CAPTURE(macs[i]);
        CHECK(organization(vendors[i]) == organization(registry.lookup(macs[i])));
    }
    CHECK(organization(vendors[1]) == "Raspberry Pi Trading Ltd");
    CHECK(organization(vendors[3]) == "Rockchip Electronics Co.");
    CHECK(registry.lookup(std::vector<std::string>{}).empty());
}

TEST_CASE("OUI lookup: without the registry's files every vendor is unknown") {
    test::TempDir dir;
    const auto registry = OuiRegistry::open(dir.path());
    CHECK(registry.empty());
    CHECK(registry.files().empty());
    CHECK_FALSE(registry.lookup("dc:a6:32:01:02:03"));
}
