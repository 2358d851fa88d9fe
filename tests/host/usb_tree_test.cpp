#include <doctest/doctest.h>

#include <algorithm>

#include "host/sysfs.h"
#include "host/usb_descriptors.h"
#include "host/usb_tree.h"
#include "support.h"

using namespace kiosk::host;

namespace {

const Subject& usb_device(const std::vector<Subject>& subjects, const std::string& path) {
    auto found = std::ranges::find_if(subjects, [&](const Subject& s) {
        auto fact = s.facts.find("usb.path");
        return fact != s.facts.end() && std::get<std::string>(fact->second) == path;
    });
    REQUIRE(found != subjects.end());
    return *found;
}

std::vector<Subject> subjects_of(const std::string& fixture) {
    auto tree = read_usb_tree(kiosk::test::fixtures() / "host" / fixture).devices;
    std::vector<Subject> out;
    for (const auto& device : tree)
        if (!device.root_hub) out.push_back(usb_subject(device, tree));
    return out;
}

template <typename T>
T fact(const Subject& subject, const std::string& name) {
    auto found = subject.facts.find(name);
    REQUIRE_MESSAGE(found != subject.facts.end(), name);
    return std::get<T>(found->second);
}

}  // namespace

TEST_CASE("usb: a PiKVM V4 reads as keyboard, absolute and relative mouse and a CD-ROM on one device") {
    auto tree = read_usb_tree(kiosk::test::fixtures() / "host/pikvm_v4").devices;
    REQUIRE(tree.size() == 3);  // two root hubs and the PiKVM
    CHECK(tree[0].root_hub);
    const auto& pikvm = tree[2];
    CHECK(pikvm.path == "1-1");
    CHECK(pikvm.chain == std::vector<std::string>{"usb1", "1-1"});
    CHECK(pikvm.usb_version == "2.00");
    REQUIRE(pikvm.interfaces.size() == 4);
    CHECK(pikvm.interfaces[0].bcd_hid == 0x0101);
    CHECK(pikvm.interfaces[0].driver == "usbhid");
    CHECK(pikvm.interfaces[3].storage.at(0).vendor == "PiKVM");
    CHECK(pikvm.interfaces[3].storage.at(0).type == 5);

    auto subject = usb_subject(pikvm, tree);
    CHECK(subject.name == "usb 1-1 (PiKVM Composite Device)");
    CHECK(fact<std::string>(subject, "usb.vid_pid") == "1d6b:0104");
    CHECK(fact<std::int64_t>(subject, "usb.speed_mbps") == 480);
    CHECK(fact<std::string>(subject, "usb.bcd_hid") == "0101");
    CHECK(fact<std::int64_t>(subject, "usb.hid_keyboards") == 1);
    CHECK(fact<std::int64_t>(subject, "usb.abs_pointers") == 1);
    CHECK(fact<std::int64_t>(subject, "usb.pointers") == 2);
    CHECK(fact<std::vector<std::string>>(subject, "usb.abs_ranges") == std::vector<std::string>{"0..32767"});
    CHECK(fact<bool>(subject, "usb.has_cdrom"));
    CHECK(fact<bool>(subject, "usb.remote_wakeup"));
    CHECK(fact<std::int64_t>(subject, "usb.max_power_ma") == 500);
}

TEST_CASE("usb: NanoKVM's RNDIS function carries its MAC — CH9329 reports 0..4096") {
    auto nano = usb_device(subjects_of("nanokvm"), "1-1");
    CHECK(fact<std::vector<std::string>>(nano, "usb.net_functions") == std::vector<std::string>{"rndis"});
    CHECK(fact<std::vector<std::string>>(nano, "usb.macs") == std::vector<std::string>{"48:da:35:6d:01:02"});
    CHECK(fact<bool>(nano, "usb.has_network"));
    auto ch9329 = usb_device(subjects_of("openterface_ch9329"), "1-3");
    CHECK(fact<std::vector<std::string>>(ch9329, "usb.abs_ranges") == std::vector<std::string>{"0..4096"});
    CHECK(fact<std::int64_t>(ch9329, "usb.speed_mbps") == 12);
}

TEST_CASE("usb: a Logitech Unifying receiver is keyboard, relative mouse and vendor HID++ at full speed") {
    auto receiver = usb_device(subjects_of("desktop"), "1-2");
    CHECK(fact<std::int64_t>(receiver, "usb.hid_keyboards") == 1);
    CHECK(fact<std::int64_t>(receiver, "usb.hid_mice") == 1);
    CHECK(fact<std::int64_t>(receiver, "usb.abs_pointers") == 0);
    CHECK(fact<std::int64_t>(receiver, "usb.hid_vendor") == 3);
    CHECK(fact<std::string>(receiver, "usb.bcd_hid") == "0111");
    auto keyboard = usb_device(subjects_of("desktop"), "1-3.1");
    CHECK(fact<std::string>(keyboard, "usb.speed") == "low");
    CHECK(fact<std::string>(keyboard, "usb.parent_vid_pid") == "05e3:0610");
    CHECK(fact<std::vector<std::string>>(keyboard, "usb.chain") == std::vector<std::string>{"usb1", "1-3", "1-3.1"});
}

TEST_CASE("usb: garbage attributes, a corrupt report descriptor and dangling links do not break the reader") {
    auto tree = read_usb_tree(kiosk::test::fixtures() / "host/garbage").devices;
    REQUIRE(tree.size() == 2);  // the root hub and 1-1; the dangling 1-9 is skipped
    const auto& device = tree[1];
    CHECK(device.vendor_id == "zzzz");
    CHECK(device.speed == "fast");
    CHECK(device.serial->size() == kiosk::host::sysfs::max_attribute);
    CHECK(device.interfaces[0].hid_error.has_value());
    auto subject = usb_subject(device, tree);
    CHECK(fact<std::int64_t>(subject, "usb.hid_descriptor_errors") == 1);
    CHECK(subject.facts.find("usb.speed_mbps") == subject.facts.end());
    CHECK(to_json(device).dump().size() > 0);  // printable UTF-8 only: dump() would throw otherwise
}

TEST_CASE("usb: no USB bus at all is an empty tree") {
    kiosk::test::TempDir empty;
    CHECK(read_usb_tree(empty.path()).devices.empty());
}

TEST_CASE("usb descriptors: bcdHID per interface, and malformed lengths stop the walk") {
    const std::vector<std::uint8_t> raw{18, 1, 0x00, 0x02, 0, 0, 0, 64, 0x6b, 0x1d, 0x04, 0x01, 0, 1, 1, 2, 3, 1,
                                        9, 2, 34, 0, 1, 1, 0, 0xa0, 250,
                                        9, 4, 0, 0, 1, 3, 1, 1, 0,
                                        9, 0x21, 0x01, 0x01, 0, 1, 0x22, 63, 0,
                                        7, 5, 0x81, 3, 8, 0, 10,
                                        0, 4};  // zero length: stop
    auto parsed = parse_usb_descriptors(raw);
    CHECK(parsed.bcd_usb == 0x0200);
    CHECK(parsed.bcd_hid.at(0) == 0x0101);
    CHECK(parse_usb_descriptors(std::vector<std::uint8_t>{200, 1, 0}).bcd_hid.empty());
}

TEST_CASE("sysfs: locate finds the USB device, PCI or virtual parent in a sysfs path") {
    using kiosk::host::sysfs::locate;
    auto usb = locate("../../devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1.2/1-1.2:1.0/net/usb0");
    CHECK(usb.bus == "usb");
    CHECK(usb.usb_device == "1-1.2");
    CHECK(usb.usb_interface == "1-1.2:1.0");
    CHECK(locate("../../devices/pci0000:00/0000:00:1f.6/net/eno1").bus == "pci");
    CHECK(locate("../../devices/virtual/net/tailscale0").bus == "virtual");
    CHECK(locate("/devices/platform/i8042/serio0/input/input0").bus == "platform");
    CHECK(locate("").bus.empty());
}
