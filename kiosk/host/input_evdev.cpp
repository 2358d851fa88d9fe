#include "host/input_evdev.h"

#include <fcntl.h>
#include <libevdev/libevdev.h>
#include <linux/input.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <set>
#include <utility>

namespace kiosk::host {

struct EvdevInputs::Device {
    int fd = -1;
    libevdev* dev = nullptr;
    InputDevice info;
    int pending_dx = 0, pending_dy = 0, pending_keys = 0;
    bool abs_moved = false;

    ~Device() {
        if (dev) libevdev_free(dev);
        if (fd >= 0) ::close(fd);
    }
};

namespace {

constexpr int bus_spi = 0x1C;  // BUS_SPI and BUS_RMI are missing from older kernel headers
constexpr int bus_rmi = 0x1D;

bool has(libevdev* dev, unsigned type, unsigned code) { return libevdev_has_event_code(dev, type, code) == 1; }

InputEvent event_of(double time, InputEventType type, const std::string& id) {
    InputEvent event;
    event.time = time;
    event.type = type;
    event.device = id;
    return event;
}

}  // namespace

DeviceKind classify_device(int bustype, bool keyboard, bool touch) {
    switch (bustype) {
        case BUS_USB: return DeviceKind::usb;
        case BUS_BLUETOOTH: return DeviceKind::bluetooth;
        case BUS_VIRTUAL: return DeviceKind::virtual_device;
        case BUS_I8042:
        case BUS_I2C:
        case BUS_HOST:
        case bus_spi:
        case bus_rmi:
            if (touch) return DeviceKind::builtin_touchpad;
            if (keyboard) return DeviceKind::builtin_keyboard;
            return DeviceKind::other;
        default: return DeviceKind::other;
    }
}

EvdevInputs::EvdevInputs(std::filesystem::path root) :
    directory_(std::move(root) / "dev/input"), start_(std::chrono::steady_clock::now()) {}

EvdevInputs::~EvdevInputs() = default;

double EvdevInputs::now() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void EvdevInputs::rescan(std::vector<InputEvent>& out, bool initial) {
    problems_.clear();
    std::set<std::string> present;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory_, error)) {
        auto name = entry.path().filename().string();
        if (!name.starts_with("event")) continue;
        present.insert(name);
        if (devices_.contains(name)) continue;

        auto device = std::make_unique<Device>();
        device->fd = ::open(entry.path().c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (device->fd < 0) {
            problems_.push_back(entry.path().string() + ": " + std::strerror(errno));
            continue;
        }
        if (libevdev_new_from_fd(device->fd, &device->dev) < 0) {
            problems_.push_back(entry.path().string() + ": not an evdev device");
            continue;
        }
        libevdev_set_clock_id(device->dev, CLOCK_MONOTONIC);
        auto* dev = device->dev;
        bool keyboard = has(dev, EV_KEY, KEY_A) && has(dev, EV_KEY, KEY_SPACE);
        bool buttons = has(dev, EV_KEY, BTN_LEFT) || has(dev, EV_KEY, BTN_TOUCH);
        auto& info = device->info;
        info.id = name;
        info.path = entry.path().string();
        info.name = libevdev_get_name(dev) ? libevdev_get_name(dev) : "";
        info.keys = keyboard || buttons;
        info.relative = has(dev, EV_REL, REL_X) && has(dev, EV_REL, REL_Y);
        info.absolute = has(dev, EV_ABS, ABS_X) && has(dev, EV_ABS, ABS_Y);
        info.touch = info.absolute && (has(dev, EV_KEY, BTN_TOUCH) || has(dev, EV_KEY, BTN_TOOL_FINGER) ||
                                       has(dev, EV_KEY, BTN_TOOL_PEN));
        if (info.absolute) {
            info.x = {libevdev_get_abs_minimum(dev, ABS_X), libevdev_get_abs_maximum(dev, ABS_X)};
            info.y = {libevdev_get_abs_minimum(dev, ABS_Y), libevdev_get_abs_maximum(dev, ABS_Y)};
            if (info.x.max <= info.x.min || info.y.max <= info.y.min) info.absolute = info.touch = false;
        }
        info.kind = classify_device(libevdev_get_id_bustype(dev), keyboard, info.touch);
        info.initial = initial;
        if (!info.keys && !info.relative && !info.absolute) continue;  // power button, lid switch, …

        auto added = event_of(now(), InputEventType::device_added, name);
        added.added = info;
        out.push_back(std::move(added));
        devices_.emplace(name, std::move(device));
    }
    if (error) problems_.push_back(directory_.string() + ": " + error.message());
    for (auto it = devices_.begin(); it != devices_.end();) {
        if (present.contains(it->first)) {
            ++it;
            continue;
        }
        out.push_back(event_of(now(), InputEventType::device_removed, it->first));
        it = devices_.erase(it);
    }
}

void EvdevInputs::read_pending(std::vector<InputEvent>& out) {
    for (auto it = devices_.begin(); it != devices_.end();) {
        auto& device = *it->second;
        input_event ev{};
        unsigned flag = LIBEVDEV_READ_FLAG_NORMAL;
        bool gone = false;
        for (;;) {
            int status = libevdev_next_event(device.dev, flag, &ev);
            if (status == LIBEVDEV_READ_STATUS_SYNC) {
                flag = LIBEVDEV_READ_FLAG_SYNC;  // the kernel dropped events: resynchronise, then carry on
                continue;
            }
            if (status == -EAGAIN && flag == LIBEVDEV_READ_FLAG_SYNC) {
                flag = LIBEVDEV_READ_FLAG_NORMAL;
                continue;
            }
            if (status != LIBEVDEV_READ_STATUS_SUCCESS) {
                gone = status != -EAGAIN;  // ENODEV: unplugged
                break;
            }
            if (ev.type == EV_KEY && ev.value == 1) ++device.pending_keys;  // the code is not kept
            if (ev.type == EV_REL && ev.code == REL_X) device.pending_dx += ev.value;
            if (ev.type == EV_REL && ev.code == REL_Y) device.pending_dy += ev.value;
            if (ev.type == EV_ABS && (ev.code == ABS_X || ev.code == ABS_Y)) device.abs_moved = true;
            if (ev.type != EV_SYN || ev.code != SYN_REPORT) continue;

            // The kernel's own timestamp (CLOCK_MONOTONIC, the steady clock's), not when we got round to reading.
            double time = double(ev.input_event_sec) + double(ev.input_event_usec) * 1e-6 -
                          std::chrono::duration<double>(start_.time_since_epoch()).count();
            for (; device.pending_keys > 0; --device.pending_keys) out.push_back(event_of(time, InputEventType::key, it->first));
            if (device.pending_dx || device.pending_dy) {
                auto moved = event_of(time, InputEventType::rel, it->first);
                moved.dx = std::exchange(device.pending_dx, 0);
                moved.dy = std::exchange(device.pending_dy, 0);
                out.push_back(std::move(moved));
            }
            if (std::exchange(device.abs_moved, false) && device.info.absolute) {
                auto moved = event_of(time, InputEventType::abs, it->first);
                moved.x = libevdev_get_event_value(device.dev, EV_ABS, ABS_X);
                moved.y = libevdev_get_event_value(device.dev, EV_ABS, ABS_Y);
                out.push_back(std::move(moved));
            }
        }
        if (gone) {
            out.push_back(event_of(now(), InputEventType::device_removed, it->first));
            it = devices_.erase(it);
        } else {
            ++it;
        }
    }
}

std::vector<int> EvdevInputs::fds() const {
    std::vector<int> out;
    for (const auto& [name, device] : devices_) out.push_back(device->fd);
    return out;
}

}  // namespace kiosk::host
