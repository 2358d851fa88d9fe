// The newest immutable snapshot a worker publishes and the UI reads each frame: a shared_ptr under a
// mutex held only to copy or swap it. (libstdc++ 12's std::atomic<std::shared_ptr> releases its
// internal lock with memory_order_relaxed after load() has read the pointer, so that read is not
// ordered before the next store's write; ThreadSanitizer reports it as a data race.)
#pragma once
#include <memory>
#include <mutex>

namespace kiosk::app {

template <typename T>
class Latest {
public:
    explicit Latest(std::shared_ptr<const T> first) : value_(std::move(first)) {}

    std::shared_ptr<const T> load() const {
        std::lock_guard lock(mutex_);
        return value_;
    }
    // The snapshot replaced is released by the caller's argument, after the lock.
    void store(std::shared_ptr<const T> next) {
        std::lock_guard lock(mutex_);
        value_.swap(next);
    }

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const T> value_;
};

}  // namespace kiosk::app
