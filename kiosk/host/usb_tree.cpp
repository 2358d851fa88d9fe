#include "host/usb_tree.h"

#include <algorithm>
#include <array>
#include <random>
#include <set>

#include "core/printable.h"
#include "host/facts.h"
#include "host/sysfs.h"
#include "host/usb_descriptors.h"

namespace kiosk::host {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t max_report_descriptor = 16 * 1024;  // the kernel's own cap is 4 KiB
constexpr std::size_t max_raw_descriptors = 64 * 1024;
// Sorting devices by what they look like costs a read per interface; past this many, a random sample is sorted.
constexpr std::size_t max_devices_triaged = 64 * 1024;

// Interface classes a KVM, capture stick or USB gadget brings: audio, CDC, HID, storage, hub, CDC data,
// video, wireless (RNDIS), miscellaneous (RNDIS, IAD).
constexpr std::array<std::string_view, 9> telling_classes{"01", "02", "03", "08", "09", "0a", "0e", "e0", "ef"};

bool is_interface_name(std::string_view name) { return name.find(':') != std::string_view::npos; }

// "1-1.2" -> "1-1"; "1-1" -> "usb1"; "usb1" -> "".
std::string parent_path(std::string_view path) {
    if (path.starts_with("usb")) return {};
    if (auto dot = path.rfind('.'); dot != std::string_view::npos) return std::string(path.substr(0, dot));
    if (auto dash = path.find('-'); dash != std::string_view::npos) return "usb" + std::string(path.substr(0, dash));
    return {};
}

std::optional<std::string> text(const fs::path& dir, const char* name) { return sysfs::read_text(dir / name); }

std::string lower_hex(std::optional<std::string> value) {
    std::string out = value.value_or("");
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// HID devices appear as <iface>/<bus>:<vendor>:<product>.<instance>, e.g. 0003:1D6B:0104.0001.
bool is_hid_device_name(std::string_view name) {
    return name.size() >= 19 && name[4] == ':' && name[9] == ':' && name[14] == '.';
}

void read_storage(const fs::path& dir, UsbInterface& out) {
    for (const auto& host : sysfs::list_names(dir)) {
        if (!host.starts_with("host")) continue;
        for (const auto& target : sysfs::list_names(dir / host)) {
            if (!target.starts_with("target")) continue;
            for (const auto& lun : sysfs::list_names(dir / host / target)) {
                if (std::ranges::count(lun, ':') != 3) continue;
                const auto device = dir / host / target / lun;
                ScsiIdentity identity{text(device, "vendor").value_or(""), text(device, "model").value_or(""),
                                      text(device, "rev").value_or(""), sysfs::read_number(device / "type", 10)};
                out.storage.push_back(std::move(identity));
            }
        }
    }
}

std::string network_kind(const UsbInterface& iface) {
    const auto driver = iface.driver.value_or("");
    if (driver == "rndis_host") return "rndis";
    if (driver == "cdc_ether") return "ecm";
    if (driver == "cdc_ncm") return "ncm";
    if (driver == "cdc_eem") return "eem";
    const auto triple = iface.interface_class + "/" + iface.interface_subclass + "/" + iface.interface_protocol;
    if (triple == "e0/01/03" || triple == "ef/04/01" || triple == "02/02/ff") return "rndis";
    if (iface.interface_class == "02" && iface.interface_subclass == "06") return "ecm";
    if (iface.interface_class == "02" && iface.interface_subclass == "0d") return "ncm";
    if (iface.interface_class == "02" && iface.interface_subclass == "0c") return "eem";
    return "other";
}

UsbInterface read_interface(const fs::path& dir, const std::string& name, const RawUsbDescriptors& raw) {
    UsbInterface iface;
    iface.name = name;
    iface.number = sysfs::read_number(dir / "bInterfaceNumber", 16);
    iface.interface_class = lower_hex(text(dir, "bInterfaceClass"));
    iface.interface_subclass = lower_hex(text(dir, "bInterfaceSubClass"));
    iface.interface_protocol = lower_hex(text(dir, "bInterfaceProtocol"));
    iface.label = text(dir, "interface");
    iface.driver = sysfs::link_name(dir / "driver");
    if (iface.number && *iface.number >= 0 && *iface.number < 256)
        if (auto found = raw.bcd_hid.find(static_cast<std::uint8_t>(*iface.number)); found != raw.bcd_hid.end())
            iface.bcd_hid = found->second;

    const auto entries = sysfs::list_names(dir);
    if (iface.interface_class == "03") {
        for (const auto& entry : entries) {
            if (!is_hid_device_name(entry)) continue;
            auto bytes = sysfs::read_bytes(dir / entry / "report_descriptor", max_report_descriptor);
            if (!bytes) continue;
            auto decoded = decode_hid_descriptor(
                std::span(reinterpret_cast<const std::uint8_t*>(bytes->data()), bytes->size()));
            if (decoded) iface.hid = std::move(*decoded);
            else iface.hid_error = decoded.error().message;
            break;
        }
    }
    if (std::ranges::any_of(entries, [](const std::string& e) { return e.starts_with("host"); })) read_storage(dir, iface);
    if (std::ranges::find(entries, "net") != entries.end()) {
        for (const auto& ifname : sysfs::list_names(dir / "net"))
            iface.network.push_back({printable(ifname), lower_hex(text(dir / "net" / ifname, "address"))});
        iface.network_kind = network_kind(iface);
    }
    return iface;
}

UsbDevice read_device(const fs::path& devices, const std::string& name, const std::vector<std::string>& all) {
    const auto dir = devices / name;
    UsbDevice device;
    device.path = name;
    device.root_hub = name.starts_with("usb");
    for (auto at = name; !at.empty(); at = parent_path(at)) device.chain.insert(device.chain.begin(), at);
    device.vendor_id = lower_hex(text(dir, "idVendor"));
    device.product_id = lower_hex(text(dir, "idProduct"));
    device.bcd_device = text(dir, "bcdDevice");
    device.usb_version = text(dir, "version");
    device.manufacturer = text(dir, "manufacturer");
    device.product = text(dir, "product");
    device.serial = text(dir, "serial");
    device.configuration = text(dir, "configuration");
    device.speed = text(dir, "speed");
    device.device_class = text(dir, "bDeviceClass");
    device.bm_attributes = text(dir, "bmAttributes");
    if (auto power = text(dir, "bMaxPower")) {
        auto digits = power->substr(0, power->find_first_not_of("0123456789"));
        device.max_power_ma = sysfs::parse_number(digits, 10);
    }
    RawUsbDescriptors raw;
    if (auto bytes = sysfs::read_bytes(dir / "descriptors", max_raw_descriptors))
        raw = parse_usb_descriptors(std::span(reinterpret_cast<const std::uint8_t*>(bytes->data()), bytes->size()));

    // Interfaces are listed beside devices as "<device>:<config>.<interface>".
    const auto prefix = name + ":";
    auto first = std::ranges::lower_bound(all, prefix);
    for (auto it = first; it != all.end() && it->starts_with(prefix); ++it)
        device.interfaces.push_back(read_interface(devices / *it, *it, raw));
    return device;
}

int root_hubs_first(const std::string& path) {
    return path.starts_with("usb") ? 0 : 1;
}

// A cheap look at a device (one read per interface): does it carry a function that KVMs, capture
// sticks and gadgets carry, or several functions at once? Root hubs count: the tree hangs off them.
bool looks_telling(const fs::path& devices, const std::string& name, const std::vector<std::string>& all) {
    if (name.starts_with("usb")) return true;
    const auto prefix = name + ":";
    std::size_t interfaces = 0;
    for (auto it = std::ranges::lower_bound(all, prefix); it != all.end() && it->starts_with(prefix); ++it) {
        ++interfaces;
        const auto found = lower_hex(text(devices / *it, "bInterfaceClass"));
        if (std::ranges::find(telling_classes, found) != telling_classes.end()) return true;
    }
    return interfaces > 1;
}

// The devices to read in full when there are more than `max_read`: telling ones first, and among
// equals a random choice, so that no name (the last in sort order, say) is a place to hide.
std::vector<std::string> choose(const fs::path& devices, const std::vector<std::string>& all,
                                std::vector<std::string> found, std::size_t max_read) {
    if (found.size() <= max_read) return found;
    std::mt19937_64 random{std::random_device{}()};
    std::ranges::shuffle(found, random);
    if (found.size() > max_devices_triaged) found.resize(max_devices_triaged);
    std::ranges::stable_partition(found, [&](const std::string& name) { return looks_telling(devices, name, all); });
    found.resize(max_read);
    std::ranges::sort(found);
    return found;
}

}  // namespace

UsbTree read_usb_tree(const fs::path& root, std::size_t max_read) {
    const auto devices = root / "sys/bus/usb/devices";
    const auto names = sysfs::list_names(devices);
    std::vector<std::string> found;
    for (const auto& name : names) {
        std::error_code error;
        // A dangling link is a device that is gone.
        if (!is_interface_name(name) && fs::is_directory(devices / name, error)) found.push_back(name);
    }
    UsbTree tree;
    tree.found = found.size();
    for (const auto& name : choose(devices, names, std::move(found), max_read))
        tree.devices.push_back(read_device(devices, name, names));
    std::ranges::stable_sort(tree.devices, {}, [](const UsbDevice& d) { return root_hubs_first(d.path); });
    return tree;
}

namespace {

// The facts of a usb_device subject (usb_subject below).
constexpr FactSpec usb_facts[] = {
    {"usb.path", FactType::text, "`1-1.2`"},
    {"usb.chain", FactType::texts, "from the root hub down: `[\"usb1\", \"1-1\", \"1-1.2\"]`"},
    {"usb.vendor_id", FactType::text, "idVendor, `1d6b`"},
    {"usb.product_id", FactType::text, "idProduct, `0104`"},
    {"usb.vid_pid", FactType::text, "`1d6b:0104`"},
    {"usb.bcd_device", FactType::text, "bcdDevice, `0100`"},
    {"usb.usb_version", FactType::text, "`2.00`"},
    {"usb.manufacturer", FactType::text, "iManufacturer string (present only when the device has one)"},
    {"usb.product", FactType::text, "iProduct string (present only when the device has one)"},
    {"usb.serial", FactType::text, "iSerialNumber string (present only when the device has one)"},
    {"usb.configuration", FactType::text, "iConfiguration string of the active configuration"},
    {"usb.device_class", FactType::text, "bDeviceClass, two hex digits"},
    {"usb.is_hub", FactType::boolean, "device class 09"},
    {"usb.speed_mbps", FactType::integer, "1 (low speed, 1.5), 12, 480, 5000, 10000, 20000"},
    {"usb.speed", FactType::text, "low, full, high, super, super_plus"},
    {"usb.max_power_ma", FactType::integer, "bMaxPower in mA"},
    {"usb.self_powered", FactType::boolean, "bmAttributes bit 6"},
    {"usb.remote_wakeup", FactType::boolean, "bmAttributes bit 5"},
    {"usb.parent_vid_pid", FactType::text, "VID:PID of the hub it hangs off (absent under a root hub)"},
    {"usb.interface_count", FactType::integer, "interfaces of the active configuration"},
    {"usb.interface_classes", FactType::texts, "distinct interface classes, `[\"03\", \"08\"]`"},
    {"usb.interface_triples", FactType::texts, "class/subclass/protocol per interface, `\"03/01/01\"`"},
    {"usb.interface_strings", FactType::texts, "iInterface strings"},
    {"usb.drivers", FactType::texts, "drivers bound to its interfaces, distinct"},
    {"usb.hid_interfaces", FactType::integer, "HID interfaces"},
    {"usb.hid_interface_strings", FactType::texts, "iInterface of HID interfaces (`HID Interface` is Linux f_hid's default)"},
    {"usb.bcd_hid", FactType::text, "bcdHID of the first HID interface (`0101` = 1.01), from the raw `descriptors`"},
    {"usb.bcd_hids", FactType::texts, "every distinct bcdHID"},
    {"usb.hid_kinds", FactType::texts,
     "per top-level HID collection: keyboard, mouse, absolute_pointer, touchscreen, touchpad, pen, digitizer, "
     "consumer, system_control, gamepad, vendor, other; when a report descriptor cannot be read, its boot "
     "protocol (1 keyboard, 2 mouse) counts instead"},
    {"usb.hid_keyboards", FactType::integer, "keyboard collections"},
    {"usb.hid_mice", FactType::integer, "relative mouse collections"},
    {"usb.abs_pointers", FactType::integer, "absolute Generic-Desktop mouse/pointer collections"},
    {"usb.pointers", FactType::integer, "`hid_mice + abs_pointers`"},
    {"usb.digitizers", FactType::integer, "touchscreen, touchpad, pen and digitizer collections"},
    {"usb.hid_vendor", FactType::integer, "vendor-defined collections"},
    {"usb.has_hid_input", FactType::boolean, "any keyboard, mouse, absolute pointer or digitizer"},
    {"usb.abs_ranges", FactType::texts, "logical X/Y ranges of absolute pointers, `\"0..32767\"`"},
    {"usb.abs_max", FactType::integer, "the largest logical maximum of those ranges"},
    {"usb.hid_descriptor_errors", FactType::integer, "report descriptors that failed to decode"},
    {"usb.has_mass_storage", FactType::boolean, "an interface of class 08"},
    {"usb.has_cdrom", FactType::boolean, "a SCSI disk of type 5 (CD-ROM)"},
    {"usb.has_audio", FactType::boolean, "an interface of class 01"},
    {"usb.has_video", FactType::boolean, "an interface of class 0e"},
    {"usb.has_network", FactType::boolean, "a network function (RNDIS, ECM, NCM, EEM, other)"},
    {"usb.scsi_vendor", FactType::texts, "SCSI INQUIRY vendor of its disks (`Linux`)"},
    {"usb.scsi_model", FactType::texts, "SCSI INQUIRY model (`File-Stor Gadget`)"},
    {"usb.scsi_revision", FactType::texts, "SCSI INQUIRY revision (`0515`)"},
    {"usb.net_functions", FactType::texts, "rndis, ecm, ncm, eem, other"},
    {"usb.macs", FactType::texts, "MAC of each of its network interfaces"},
};

nlohmann::json optional_json(const std::optional<std::string>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::string bcd_text(std::uint16_t bcd) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(4, '0');
    for (int i = 0; i < 4; ++i) out[static_cast<std::size_t>(3 - i)] = digits[(bcd >> (4 * i)) & 15];
    return out;
}

std::optional<double> speed_value(const std::optional<std::string>& speed) {
    if (!speed) return std::nullopt;
    if (*speed == "1.5") return 1.5;
    if (auto n = sysfs::parse_number(*speed, 10)) return static_cast<double>(*n);
    return std::nullopt;
}

nlohmann::json hid_json(const HidDescriptor& hid) {
    auto collections = nlohmann::json::array();
    for (const auto& c : hid.collections) {
        nlohmann::json item{{"kind", c.kind}, {"usage_page", c.usage_page}, {"usage", c.usage},
                            {"report_ids", c.report_ids}};
        if (c.x) item["x"] = to_string(*c.x);
        if (c.y) item["y"] = to_string(*c.y);
        collections.push_back(std::move(item));
    }
    return {{"collections", collections}, {"items", hid.items}};
}

}  // namespace

nlohmann::json to_json(const UsbDevice& device) {
    auto interfaces = nlohmann::json::array();
    for (const auto& iface : device.interfaces) {
        nlohmann::json item{{"name", iface.name},
                            {"class", iface.interface_class},
                            {"subclass", iface.interface_subclass},
                            {"protocol", iface.interface_protocol},
                            {"label", optional_json(iface.label)},
                            {"driver", optional_json(iface.driver)}};
        if (iface.bcd_hid) item["bcd_hid"] = bcd_text(*iface.bcd_hid);
        if (iface.hid) item["hid"] = hid_json(*iface.hid);
        if (iface.hid_error) item["hid_error"] = *iface.hid_error;
        if (!iface.storage.empty()) {
            auto storage = nlohmann::json::array();
            for (const auto& s : iface.storage)
                storage.push_back({{"vendor", s.vendor}, {"model", s.model}, {"revision", s.revision},
                                   {"type", s.type ? nlohmann::json(*s.type) : nlohmann::json(nullptr)}});
            item["storage"] = storage;
        }
        if (!iface.network.empty()) {
            auto network = nlohmann::json::array();
            for (const auto& n : iface.network)
                network.push_back({{"interface", n.interface}, {"mac", n.mac}, {"function", iface.network_kind}});
            item["network"] = network;
        }
        interfaces.push_back(std::move(item));
    }
    auto speed = speed_value(device.speed);
    return {{"path", device.path},
            {"chain", device.chain},
            {"root_hub", device.root_hub},
            {"vendor_id", device.vendor_id},
            {"product_id", device.product_id},
            {"bcd_device", optional_json(device.bcd_device)},
            {"usb_version", optional_json(device.usb_version)},
            {"manufacturer", optional_json(device.manufacturer)},
            {"product", optional_json(device.product)},
            {"serial", optional_json(device.serial)},
            {"configuration", optional_json(device.configuration)},
            {"speed_mbps", speed ? nlohmann::json(*speed) : nlohmann::json(nullptr)},
            {"device_class", optional_json(device.device_class)},
            {"max_power_ma", device.max_power_ma ? nlohmann::json(*device.max_power_ma) : nlohmann::json(nullptr)},
            {"bm_attributes", optional_json(device.bm_attributes)},
            {"interfaces", interfaces}};
}

const SubjectSpec& usb_device_subject_spec() {
    static constexpr SubjectSpec spec{"usb_device", "`sys/bus/usb/devices`, one per device; root hubs are inventory only",
                                      usb_facts};
    return spec;
}

Subject usb_subject(const UsbDevice& device, const std::vector<UsbDevice>& tree) {
    Subject subject;
    subject.kind = "usb_device";
    const auto label = device.product.value_or(device.vendor_id + ":" + device.product_id);
    subject.name = "usb " + device.path + " (" + label + ")";
    auto& f = subject.facts;
    auto put = [&](const char* key, const std::optional<std::string>& value) {
        if (value) f[key] = *value;
    };
    f["usb.path"] = device.path;
    f["usb.chain"] = device.chain;
    f["usb.vendor_id"] = device.vendor_id;
    f["usb.product_id"] = device.product_id;
    f["usb.vid_pid"] = device.vendor_id + ":" + device.product_id;
    put("usb.bcd_device", device.bcd_device);
    put("usb.usb_version", device.usb_version);
    put("usb.manufacturer", device.manufacturer);
    put("usb.product", device.product);
    put("usb.serial", device.serial);
    put("usb.configuration", device.configuration);
    put("usb.device_class", device.device_class);
    f["usb.is_hub"] = device.device_class == "09";
    if (auto speed = speed_value(device.speed)) {
        f["usb.speed_mbps"] = static_cast<std::int64_t>(*speed);  // low speed (1.5) reads as 1
        f["usb.speed"] = *speed < 2 ? "low" : *speed < 100 ? "full" : *speed < 1000 ? "high" : *speed < 6000 ? "super" : "super_plus";
    }
    if (device.max_power_ma) f["usb.max_power_ma"] = *device.max_power_ma;
    if (device.bm_attributes)
        if (auto bits = sysfs::parse_number(*device.bm_attributes, 16)) {
            f["usb.self_powered"] = (*bits & 0x40) != 0;
            f["usb.remote_wakeup"] = (*bits & 0x20) != 0;
        }
    if (auto parent = std::ranges::find(tree, parent_path(device.path), &UsbDevice::path);
        parent != tree.end() && !parent->root_hub)
        f["usb.parent_vid_pid"] = parent->vendor_id + ":" + parent->product_id;

    std::vector<std::string> classes, triples, labels, drivers, hid_labels, bcd_hids, abs_ranges, hid_kinds;
    std::vector<std::string> scsi_vendors, scsi_models, scsi_revisions, net_kinds, macs;
    std::int64_t keyboards = 0, mice = 0, abs_pointers = 0, digitizers = 0, hid_interfaces = 0, hid_errors = 0;
    std::int64_t abs_max = 0, vendor_hid = 0;
    bool mass_storage = false, cdrom = false, audio = false, video = false;
    for (const auto& iface : device.interfaces) {
        classes.push_back(iface.interface_class);
        triples.push_back(iface.interface_class + "/" + iface.interface_subclass + "/" + iface.interface_protocol);
        if (iface.label) labels.push_back(*iface.label);
        if (iface.driver) drivers.push_back(*iface.driver);
        if (iface.interface_class == "08") mass_storage = true;
        if (iface.interface_class == "01") audio = true;
        if (iface.interface_class == "0e") video = true;
        for (const auto& s : iface.storage) {
            scsi_vendors.push_back(s.vendor);
            scsi_models.push_back(s.model);
            scsi_revisions.push_back(s.revision);
            if (s.type == 5) cdrom = true;
        }
        if (!iface.network_kind.empty()) net_kinds.push_back(iface.network_kind);
        for (const auto& n : iface.network) macs.push_back(n.mac);
        if (iface.interface_class != "03") continue;

        ++hid_interfaces;
        if (iface.label) hid_labels.push_back(*iface.label);
        if (iface.bcd_hid) bcd_hids.push_back(bcd_text(*iface.bcd_hid));
        if (iface.hid_error) ++hid_errors;
        if (!iface.hid) {  // no descriptor to read: fall back to what the boot protocol claims
            if (iface.interface_protocol == "01") ++keyboards, hid_kinds.push_back("keyboard");
            if (iface.interface_protocol == "02") ++mice, hid_kinds.push_back("mouse");
            continue;
        }
        for (const auto& c : iface.hid->collections) {
            hid_kinds.push_back(c.kind);
            if (c.kind == "keyboard") ++keyboards;
            else if (c.kind == "mouse") ++mice;
            else if (c.kind == "absolute_pointer") {
                ++abs_pointers;
                for (const auto& range : {c.x, c.y})
                    if (range) {
                        abs_ranges.push_back(to_string(*range));
                        abs_max = std::max(abs_max, range->maximum);
                    }
            } else if (c.kind == "touchscreen" || c.kind == "touchpad" || c.kind == "pen" || c.kind == "digitizer")
                ++digitizers;
            else if (c.kind == "vendor") ++vendor_hid;
        }
    }
    auto unique = [](std::vector<std::string> list) {
        std::ranges::sort(list);
        list.erase(std::unique(list.begin(), list.end()), list.end());
        return list;
    };
    f["usb.interface_count"] = static_cast<std::int64_t>(device.interfaces.size());
    f["usb.interface_classes"] = unique(classes);
    f["usb.interface_triples"] = triples;
    f["usb.interface_strings"] = labels;
    f["usb.drivers"] = unique(drivers);
    f["usb.hid_interfaces"] = hid_interfaces;
    f["usb.hid_interface_strings"] = hid_labels;
    f["usb.hid_kinds"] = hid_kinds;
    f["usb.hid_descriptor_errors"] = hid_errors;
    if (!bcd_hids.empty()) {
        f["usb.bcd_hid"] = bcd_hids.front();
        f["usb.bcd_hids"] = unique(bcd_hids);
    }
    f["usb.hid_keyboards"] = keyboards;
    f["usb.hid_mice"] = mice;
    f["usb.abs_pointers"] = abs_pointers;
    f["usb.pointers"] = mice + abs_pointers;
    f["usb.digitizers"] = digitizers;
    f["usb.hid_vendor"] = vendor_hid;
    f["usb.has_hid_input"] = keyboards + mice + abs_pointers + digitizers > 0;
    if (!abs_ranges.empty()) {
        f["usb.abs_ranges"] = unique(abs_ranges);
        f["usb.abs_max"] = abs_max;
    }
    f["usb.has_mass_storage"] = mass_storage;
    f["usb.has_cdrom"] = cdrom;
    f["usb.has_audio"] = audio;
    f["usb.has_video"] = video;
    f["usb.has_network"] = !net_kinds.empty();
    if (!scsi_vendors.empty()) {
        f["usb.scsi_vendor"] = scsi_vendors;
        f["usb.scsi_model"] = scsi_models;
        f["usb.scsi_revision"] = scsi_revisions;
    }
    if (!net_kinds.empty()) f["usb.net_functions"] = unique(net_kinds);
    if (!macs.empty()) f["usb.macs"] = macs;
    return subject;
}

}  // namespace kiosk::host

#include "host/reading.h"

namespace kiosk::host {

ReadResult read_usb(Reading& reading) {
    if (auto listed = sysfs::list_dir(reading.root / "sys/bus/usb/devices"); !listed)
        return std::unexpected(listed.error());
    const auto tree = read_usb_tree(reading.root);
    auto inventory = nlohmann::json::array();
    for (const auto& device : tree.devices) {
        inventory.push_back(to_json(device));
        if (!device.root_hub) reading.subjects.push_back(usb_subject(device, tree.devices));
    }
    reading.inventory["usb"] = std::move(inventory);
    if (const auto skipped = tree.found - tree.devices.size(); skipped > 0)
        report_truncated(reading, "usb", skipped,
                         std::to_string(tree.found) + " devices found, " + std::to_string(tree.devices.size()) +
                             " read: those with HID, video, hub, storage, network or audio interfaces or several "
                             "interfaces first, the rest at random");
    return {};
}

}  // namespace kiosk::host
