// Hot-plug changes (USB devices, DRM connectors, cameras, input nodes) from udev's monitor socket.
// Events arrive only where udev runs (systemd-udevd); containers and chroots usually have none,
// which open() says plainly instead of pretending to watch.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"

namespace kiosk::host {

struct HotplugChange {
    std::string action;     // add, remove, change, bind, unbind
    std::string subsystem;  // usb, drm, video4linux, input
    std::string syspath;    // /sys/devices/…
    std::string devnode;    // /dev/… when it has one
};

class HotplugMonitor {
public:
    // Error (with the reason) when udev is not running or its monitor cannot be opened.
    static Result<HotplugMonitor> open();

    HotplugMonitor(HotplugMonitor&&) noexcept;
    HotplugMonitor& operator=(HotplugMonitor&&) noexcept;
    ~HotplugMonitor();

    int fd() const;
    // The next change, when one is waiting (never blocks).
    std::optional<HotplugChange> receive();

private:
    struct Impl;
    explicit HotplugMonitor(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace kiosk::host
