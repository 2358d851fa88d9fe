// The latest-frame mailbox between capture (its own thread) and the analyser: put() never blocks
// capture and replaces a frame nobody took (counted as dropped); take() hands over the newest.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

#include "media/frame.h"

namespace media {

class FrameMailbox {
public:
    // Replaces any unread frame. Returns false once the mailbox is closed.
    bool put(Frame frame) {
        {
            std::lock_guard lock(mutex_);
            if (closed_) return false;
            if (slot_) ++dropped_;
            slot_ = std::move(frame);
            ++posted_;
        }
        ready_.notify_one();
        return true;
    }

    // The newest unread frame; waits up to `wait`. nullopt on timeout or when closed and empty.
    std::optional<Frame> take(std::chrono::steady_clock::duration wait) {
        std::unique_lock lock(mutex_);
        ready_.wait_for(lock, wait, [&] { return slot_.has_value() || closed_; });
        if (!slot_) return std::nullopt;
        std::optional<Frame> frame = std::move(slot_);
        slot_.reset();
        ++taken_;
        return frame;
    }

    // No more frames will come: wakes a waiting take().
    void close() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
        }
        ready_.notify_all();
    }

    bool closed() const {
        std::lock_guard lock(mutex_);
        return closed_ && !slot_;
    }
    std::int64_t dropped() const {
        std::lock_guard lock(mutex_);
        return dropped_;
    }
    std::int64_t taken() const {
        std::lock_guard lock(mutex_);
        return taken_;
    }
    std::int64_t posted() const {
        std::lock_guard lock(mutex_);
        return posted_;
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::optional<Frame> slot_;
    bool closed_ = false;
    std::int64_t dropped_ = 0, taken_ = 0, posted_ = 0;
};

}  // namespace media
