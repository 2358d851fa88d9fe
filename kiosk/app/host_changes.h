// How the handoff screen learns that the machine changed, so it can re-scan by itself: udev's
// hot-plug events on the live machine; without udev (containers), the listings of the device
// directories in /sys; for --root (a fixture tree or an offline image), the names, sizes and
// modification times of every file under ROOT/sys, ROOT/proc and ROOT/dev.
#pragma once
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace kiosk::app {

class MachineChanges {
public:
    explicit MachineChanges(const std::string& root);
    ~MachineChanges();
    MachineChanges(const MachineChanges&) = delete;
    MachineChanges& operator=(const MachineChanges&) = delete;

    bool live() const { return live_; }
    // How changes are followed, or why they cannot be.
    const std::string& following() const { return following_; }

    // Never blocks for long: what changed, once the machine has been quiet for a moment after the
    // change (a device enumerates, a tree is copied, in several steps); nullopt otherwise.
    std::optional<std::string> poll();

private:
    struct Udev;
    std::optional<std::string> observe();  // a change seen now, before settling

    std::string root_;
    bool live_ = false;
    std::string following_;
    std::unique_ptr<Udev> udev_;
    bool whole_tree_ = false;       // --root: every file; live machine without udev: device listings
    std::size_t signature_ = 0;
    std::optional<std::string> pending_;
    std::chrono::steady_clock::time_point last_change_;
};

}  // namespace kiosk::app
