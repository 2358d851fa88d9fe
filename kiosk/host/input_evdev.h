// Live input from ROOT/dev/input/event* through libevdev, read-only (the kiosk never grabs a device
// and never injects), turned into the InputEvent stream the detectors and recordings use. Key codes
// are dropped as events are read: only "a key went down on device X at time T" leaves this file.
// Needs read access to the event nodes (group `input`); devices it may not open are reported.
#pragma once
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "host/input_event.h"

namespace kiosk::host {

class EvdevInputs {
public:
    explicit EvdevInputs(std::filesystem::path root);
    ~EvdevInputs();
    EvdevInputs(const EvdevInputs&) = delete;
    EvdevInputs& operator=(const EvdevInputs&) = delete;

    // Opens event nodes not yet open and notices vanished ones; device_added/device_removed events
    // go to `out`. `initial` marks devices present when watching began.
    void rescan(std::vector<InputEvent>& out, bool initial);
    // Reads whatever is pending on every open device (never blocks).
    void read_pending(std::vector<InputEvent>& out);
    // One pollable descriptor per open device.
    std::vector<int> fds() const;

    std::size_t open_count() const { return devices_.size(); }
    // Why nothing (or not everything) can be read, e.g. "/dev/input/event3: Permission denied".
    const std::vector<std::string>& problems() const { return problems_; }
    const std::filesystem::path& directory() const { return directory_; }

    struct Device;

private:
    double now() const;
    std::filesystem::path directory_;
    std::chrono::steady_clock::time_point start_;
    std::map<std::string, std::unique_ptr<Device>> devices_;  // by node name, e.g. "event5"
    std::vector<std::string> problems_;
};

// Where a device sits, from its bus and capabilities: the laptop's own keyboard and touchpad are on
// the i8042, I2C, SMBus/RMI or SPI buses; the rest is USB, Bluetooth, virtual (uinput) or other.
DeviceKind classify_device(int bustype, bool keyboard, bool touch);

}  // namespace kiosk::host
