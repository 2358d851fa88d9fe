#include "app/host_changes.h"

#include <sys/stat.h>

#include <filesystem>
#include <functional>
#include <vector>

#include "host/watch_hotplug.h"

namespace kiosk::app {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A device enumerates (and a tree is copied) in several steps: scan once it has been quiet this long.
constexpr auto settle = 300ms;
// Beyond this many files a --root tree is an image too large to poll several times a second.
constexpr std::size_t max_tree_entries = 50000;

void mix(std::size_t& signature, std::size_t value) { signature ^= value + 0x9e3779b97f4a7c15ULL + (signature << 6) + (signature >> 2); }

void mix_entry(std::size_t& signature, const fs::path& path, bool with_times) {
    mix(signature, std::hash<std::string>{}(path.native()));
    if (!with_times) return;
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) return;
    mix(signature, static_cast<std::size_t>(info.st_size));
    mix(signature, static_cast<std::size_t>(info.st_mtim.tv_sec) * 1000000007ULL + static_cast<std::size_t>(info.st_mtim.tv_nsec));
}

// Names, sizes and modification times of every file under `dirs`; nullopt past `cap` entries.
std::optional<std::size_t> tree_signature(const std::vector<fs::path>& dirs, std::size_t cap) {
    std::size_t signature = 0, entries = 0;
    for (const auto& dir : dirs) {
        std::error_code error;
        for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, error), end;
             !error && it != end; it.increment(error)) {
            if (++entries > cap) return std::nullopt;
            mix_entry(signature, it->path(), true);
        }
    }
    return signature;
}

// The entry names of `dirs`: devices come and go as entries in sysfs (its file times mean nothing).
std::size_t listing_signature(const std::vector<fs::path>& dirs) {
    std::size_t signature = 0;
    for (const auto& dir : dirs) {
        std::error_code error;
        for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error))
            mix_entry(signature, it->path(), false);
    }
    return signature;
}

std::vector<fs::path> existing(const fs::path& root, std::initializer_list<const char*> names) {
    std::vector<fs::path> dirs;
    for (const char* name : names) {
        std::error_code error;
        if (fs::is_directory(root / name, error)) dirs.push_back(root / name);
    }
    return dirs;
}

// --root: the whole tree the inspector reads. The live machine: where its device inventory comes
// from, so a hot-plug shows there first.
std::vector<fs::path> watched_dirs(const std::string& root, bool whole_tree) {
    if (whole_tree) return existing(root, {"sys", "proc", "dev"});
    return existing(root, {"sys/bus/usb/devices", "sys/class/drm", "sys/class/video4linux", "sys/class/input"});
}

}  // namespace

struct MachineChanges::Udev {
    host::HotplugMonitor monitor;
};

MachineChanges::MachineChanges(const std::string& root) : root_(root), whole_tree_(fs::path(root) != "/") {
    if (!whole_tree_) {
        auto monitor = host::HotplugMonitor::open();
        if (monitor) {
            udev_ = std::make_unique<Udev>(Udev{std::move(*monitor)});
            live_ = true;
            following_ = "Live: udev hot-plug events (USB, displays, cameras, input) re-scan the machine";
            return;
        }
        const auto dirs = watched_dirs(root_, false);
        if (dirs.empty()) {
            following_ = "Live updates off: " + monitor.error().message + ", and /sys has no device listings to poll";
            return;
        }
        signature_ = listing_signature(dirs);
        live_ = true;
        following_ = "Live: " + monitor.error().message + "; polling the device listings in /sys instead";
        return;
    }
    const auto dirs = watched_dirs(root_, true);
    if (dirs.empty()) {
        following_ = "Live updates off: " + root_ + " has no sys, proc or dev to watch";
        return;
    }
    auto signature = tree_signature(dirs, max_tree_entries);
    if (!signature) {
        following_ = "Live updates off: " + root_ + " holds over " + std::to_string(max_tree_entries) +
                     " files, too many to poll; re-scan by hand";
        return;
    }
    signature_ = *signature;
    live_ = true;
    following_ = "Live: changes to the files under " + root_ + " re-scan it";
}

MachineChanges::~MachineChanges() = default;

std::optional<std::string> MachineChanges::observe() {
    if (udev_) {
        std::optional<std::string> seen;
        int more = 0;
        while (auto change = udev_->monitor.receive()) {
            if (!seen) seen = "hot-plug: " + change->action + " " + change->subsystem + " " + change->syspath;
            else ++more;
        }
        if (seen && more > 0) *seen += " (and " + std::to_string(more) + " more events)";
        return seen;
    }
    const auto dirs = watched_dirs(root_, whole_tree_);
    const auto signature = whole_tree_ ? tree_signature(dirs, max_tree_entries) : std::optional(listing_signature(dirs));
    if (!signature || *signature == signature_) return std::nullopt;
    signature_ = *signature;
    return whole_tree_ ? "the files under " + root_ + " changed" : "the device listings in /sys changed";
}

std::optional<std::string> MachineChanges::poll() {
    if (!live_) return std::nullopt;
    const auto now = std::chrono::steady_clock::now();
    if (auto seen = observe()) {
        if (!pending_) pending_ = std::move(seen);
        last_change_ = now;
        return std::nullopt;
    }
    if (!pending_ || now - last_change_ < settle) return std::nullopt;
    return std::exchange(pending_, std::nullopt);
}

}  // namespace kiosk::app
