#include "host/watch_hotplug.h"

#include <libudev.h>

#include <filesystem>

namespace kiosk::host {

struct HotplugMonitor::Impl {
    udev* context = nullptr;
    udev_monitor* monitor = nullptr;
    ~Impl() {
        if (monitor) udev_monitor_unref(monitor);
        if (context) udev_unref(context);
    }
};

Result<HotplugMonitor> HotplugMonitor::open() {
    // udevd creates its control socket when it runs; without it the "udev" event source stays silent.
    std::error_code ignored;
    if (!std::filesystem::exists("/run/udev/control", ignored))
        return fail("udev is not running here (no /run/udev/control), so no hot-plug events will arrive");
    auto impl = std::make_unique<Impl>();
    impl->context = udev_new();
    if (!impl->context) return fail("cannot create a udev context");
    impl->monitor = udev_monitor_new_from_netlink(impl->context, "udev");
    if (!impl->monitor) return fail("cannot open udev's monitor socket");
    udev_monitor_filter_add_match_subsystem_devtype(impl->monitor, "usb", "usb_device");
    udev_monitor_filter_add_match_subsystem_devtype(impl->monitor, "drm", nullptr);
    udev_monitor_filter_add_match_subsystem_devtype(impl->monitor, "video4linux", nullptr);
    udev_monitor_filter_add_match_subsystem_devtype(impl->monitor, "input", nullptr);
    if (udev_monitor_enable_receiving(impl->monitor) < 0) return fail("cannot receive from udev's monitor socket");
    return HotplugMonitor(std::move(impl));
}

HotplugMonitor::HotplugMonitor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HotplugMonitor::HotplugMonitor(HotplugMonitor&&) noexcept = default;
HotplugMonitor& HotplugMonitor::operator=(HotplugMonitor&&) noexcept = default;
HotplugMonitor::~HotplugMonitor() = default;

int HotplugMonitor::fd() const { return udev_monitor_get_fd(impl_->monitor); }

std::optional<HotplugChange> HotplugMonitor::receive() {
    udev_device* device = udev_monitor_receive_device(impl_->monitor);
    if (!device) return std::nullopt;
    auto text = [](const char* value) { return value ? std::string(value) : std::string(); };
    HotplugChange change{text(udev_device_get_action(device)), text(udev_device_get_subsystem(device)),
                         text(udev_device_get_syspath(device)), text(udev_device_get_devnode(device))};
    udev_device_unref(device);
    return change;
}

}  // namespace kiosk::host
