// Input devices as the kernel's input layer sees them (DIR/proc/bus/input/devices, else
// DIR/sys/class/input): which are keyboards, mice, touchpads, touchscreens, and which are absolute
// *mice* (absolute X/Y with mouse buttons and no touch tool: what KVM-over-IP boxes present), and
// the physical device each belongs to.
#include <sstream>

#include "core/printable.h"
#include "host/facts.h"
#include "host/reading.h"
#include "host/sysfs.h"

namespace kiosk::host {
namespace {

// Event types, codes and properties from linux/input-event-codes.h.
constexpr int ev_key = 1, ev_rel = 2, ev_abs = 3;
constexpr int abs_x = 0, abs_y = 1, rel_x = 0, rel_y = 1;
constexpr int btn_left = 0x110, btn_joystick = 0x120, btn_gamepad = 0x130, btn_tool_pen = 0x140;
constexpr int btn_tool_finger = 0x145, btn_touch = 0x14a;
constexpr int prop_pointer = 0, prop_direct = 1;
constexpr int key_q = 16, key_p = 25;
constexpr std::size_t max_table = 1024 * 1024;  // a device's block is ~500 bytes: room for 2,000

constexpr FactSpec input_facts[] = {
    {"input.name", FactType::text, "device name, `AT Translated Set 2 keyboard`"},
    {"input.bus", FactType::text, "usb, bluetooth, virtual, ps2, i2c, host, spi, other, unknown"},
    {"input.vendor_id", FactType::text, "as the input layer shows it, `1d6b`"},
    {"input.product_id", FactType::text, "as the input layer shows it, `0104`"},
    {"input.kinds", FactType::texts,
     "keyboard, mouse, absolute_mouse, touchpad, touchscreen, tablet, joystick, absolute_other, other"},
    {"input.absolute_mouse", FactType::boolean, "absolute X/Y with mouse buttons and no touch tool"},
    {"input.phys", FactType::text, "physical path, when given"},
    {"input.handlers", FactType::texts, "`[\"event3\", \"mouse0\"]`"},
    {"input.usb_device", FactType::text, "the USB device it belongs to, `1-1`"},
    {"input.usb_vid_pid", FactType::text, "that device's `usb.vid_pid`"},
};

// A capability bitmap as the kernel prints it: hex words, most significant first.
struct Bitmap {
    std::vector<std::uint64_t> words;  // least significant first
    bool has(int bit) const {
        const auto index = static_cast<std::size_t>(bit) / 64;
        return index < words.size() && (words[index] >> (bit % 64)) & 1;
    }
};

Bitmap parse_bitmap(std::string_view text) {
    Bitmap out;
    std::istringstream in{std::string(text)};
    std::string word;
    while (in >> word && out.words.size() < 16) {
        std::uint64_t value = 0;
        for (auto c : word.substr(0, 16)) {
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) break;
            value = (value << 4) | static_cast<std::uint64_t>(digit);
        }
        out.words.insert(out.words.begin(), value);
    }
    return out;
}

struct InputDevice {
    std::string name, phys, sysfs_path, bustype, vendor, product;
    std::vector<std::string> handlers;
    Bitmap prop, ev, key, rel, abs;
};

std::vector<std::string> kinds(const InputDevice& d) {
    std::vector<std::string> out;
    if (d.ev.has(ev_abs) && d.abs.has(abs_x) && d.abs.has(abs_y)) {
        if (d.key.has(btn_tool_pen)) out.push_back("tablet");
        else if (d.key.has(btn_tool_finger) && (d.prop.has(prop_pointer) || !d.prop.has(prop_direct))) out.push_back("touchpad");
        else if (d.prop.has(prop_direct) || d.key.has(btn_touch)) out.push_back("touchscreen");
        else if (d.key.has(btn_left)) out.push_back("absolute_mouse");
        else if (d.key.has(btn_joystick) || d.key.has(btn_gamepad)) out.push_back("joystick");
        else out.push_back("absolute_other");
    }
    if (d.ev.has(ev_rel) && d.rel.has(rel_x) && d.rel.has(rel_y)) out.push_back("mouse");
    if (d.ev.has(ev_key)) {
        bool letters = true;
        for (int code = key_q; code <= key_p; ++code) letters = letters && d.key.has(code);
        if (letters) out.push_back("keyboard");
    }
    if (out.empty()) out.push_back("other");
    return out;
}

std::string bus_name(std::string_view bustype) {
    auto value = sysfs::parse_number(bustype, 16).value_or(-1);
    switch (value) {
        case 0x03: return "usb";
        case 0x05: return "bluetooth";
        case 0x06: return "virtual";
        case 0x11: return "ps2";
        case 0x18: return "i2c";
        case 0x19: return "host";
        case 0x1C: return "spi";
        default: return value < 0 ? "unknown" : "other";
    }
}

// "Bus=0003 Vendor=1d6b Product=0104 Version=0101"
std::string field(std::string_view line, std::string_view key) {
    auto at = line.find(std::string(key) + "=");
    if (at == std::string_view::npos) return {};
    auto rest = line.substr(at + key.size() + 1);
    return std::string(rest.substr(0, rest.find(' ')));
}

std::string unquote(std::string_view text) {
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
    return printable(text);
}

std::vector<InputDevice> from_proc(const std::string& text) {
    std::vector<InputDevice> out;
    std::istringstream lines(text);
    std::string line;
    InputDevice current;
    bool open = false;
    auto finish = [&] {
        if (open) out.push_back(std::move(current));
        current = InputDevice{};
        open = false;
    };
    while (std::getline(lines, line)) {
        if (line.size() < 3 || line[1] != ':') {
            finish();
            continue;
        }
        open = true;
        const auto body = std::string_view(line).substr(3);
        switch (line[0]) {
            case 'I':
                current.bustype = field(body, "Bus");
                current.vendor = field(body, "Vendor");
                current.product = field(body, "Product");
                break;
            case 'N': current.name = unquote(body.substr(body.find('=') + 1)); break;
            case 'P': current.phys = printable(body.substr(body.find('=') + 1)); break;
            case 'S': current.sysfs_path = printable(body.substr(body.find('=') + 1)); break;
            case 'H': {
                std::istringstream words{std::string(body.substr(body.find('=') + 1))};
                std::string handler;
                while (words >> handler) current.handlers.push_back(printable(handler));
                break;
            }
            case 'B': {
                auto eq = body.find('=');
                if (eq == std::string_view::npos) break;
                auto name = body.substr(0, eq);
                auto bits = parse_bitmap(body.substr(eq + 1));
                if (name == "PROP") current.prop = bits;
                else if (name == "EV") current.ev = bits;
                else if (name == "KEY") current.key = bits;
                else if (name == "REL") current.rel = bits;
                else if (name == "ABS") current.abs = bits;
                break;
            }
            default: break;
        }
    }
    finish();
    return out;
}

std::vector<InputDevice> from_sys(const std::filesystem::path& dir) {
    std::vector<InputDevice> out;
    for (const auto& entry : sysfs::list_names(dir)) {
        if (!entry.starts_with("input")) continue;
        const auto path = dir / entry;
        InputDevice d;
        d.name = sysfs::read_text(path / "name", 256).value_or("");
        d.phys = sysfs::read_text(path / "phys", 256).value_or("");
        d.sysfs_path = sysfs::link_target(path).value_or("");
        d.bustype = sysfs::read_text(path / "id/bustype", 16).value_or("");
        d.vendor = sysfs::read_text(path / "id/vendor", 16).value_or("");
        d.product = sysfs::read_text(path / "id/product", 16).value_or("");
        auto bitmap = [&](const char* name) { return parse_bitmap(sysfs::read_text(path / name, 1024).value_or("")); };
        d.prop = bitmap("properties");
        d.ev = bitmap("capabilities/ev");
        d.key = bitmap("capabilities/key");
        d.rel = bitmap("capabilities/rel");
        d.abs = bitmap("capabilities/abs");
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace

const SubjectSpec& input_subject_spec() {
    static constexpr SubjectSpec spec{"input", "`proc/bus/input/devices`, else `sys/class/input`", input_facts};
    return spec;
}

ReadResult read_input(Reading& reading) {
    std::vector<InputDevice> devices;
    ReadResult result;
    auto proc = sysfs::read_table_checked(reading.root / "proc/bus/input/devices", max_table);
    if (proc && *proc) {
        const auto& table = **proc;
        if (table.lines_left > 0)
            report_truncated(reading, "input", table.lines_left,
                             "the first " + std::to_string(max_table >> 20) + " MiB of proc/bus/input/devices read");
        devices = from_proc(table.text);
    } else {
        // The proc table is missing or unreadable: sysfs says the same, and only when neither can be
        // read is the part unread.
        auto dir = sysfs::list_dir(reading.root / "sys/class/input");
        if (!dir) result = std::unexpected(dir.error());
        else if (!proc && dir->empty()) result = std::unexpected(proc.error());
        else devices = from_sys(reading.root / "sys/class/input");
    }

    auto inventory = nlohmann::json::array();
    for (const auto& d : devices) {
        const auto where = sysfs::locate(d.sysfs_path);
        const auto device_kinds = kinds(d);
        const auto bus = bus_name(d.bustype);
        Subject input{"input", "input " + d.name, {}};
        auto& f = input.facts;
        f["input.name"] = d.name;
        f["input.bus"] = bus;
        f["input.vendor_id"] = printable(d.vendor);
        f["input.product_id"] = printable(d.product);
        f["input.kinds"] = device_kinds;
        f["input.absolute_mouse"] = std::ranges::find(device_kinds, "absolute_mouse") != device_kinds.end();
        if (!d.phys.empty()) f["input.phys"] = d.phys;
        if (!d.handlers.empty()) f["input.handlers"] = d.handlers;
        nlohmann::json item{{"name", d.name}, {"bus", bus}, {"kinds", device_kinds}};
        if (!where.usb_device.empty()) {
            f["input.usb_device"] = where.usb_device;
            item["usb_device"] = where.usb_device;
            if (const auto* usb = reading.find("usb_device", "usb.path", where.usb_device))
                f["input.usb_vid_pid"] = usb->facts.at("usb.vid_pid");
        }
        reading.subjects.push_back(std::move(input));
        inventory.push_back(std::move(item));
    }
    reading.inventory["input"] = std::move(inventory);
    return result;
}

}  // namespace kiosk::host
