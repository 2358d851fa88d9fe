// Runs a FrameSource on its own thread and posts every frame to a FrameMailbox (DESIGN.md data
// flow). The mailbox is closed when the source ends or fails; error() then says why.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "core/result.h"
#include "media/frame_mailbox.h"
#include "media/frame_source.h"

namespace media {

class CaptureThread {
public:
    CaptureThread(std::unique_ptr<FrameSource> source, FrameMailbox& mailbox);
    ~CaptureThread();  // stops and joins
    CaptureThread(const CaptureThread&) = delete;
    CaptureThread& operator=(const CaptureThread&) = delete;

    void stop();  // stops after the frame in progress and closes the mailbox
    std::optional<kiosk::Error> error() const;  // why capture ended early, if it did
    SourceStats stats() const;                  // the source's counts, taken when capture ended or now

private:
    void run();

    std::unique_ptr<FrameSource> source_;
    FrameMailbox& mailbox_;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::optional<kiosk::Error> error_;
    SourceStats stats_;
    std::thread thread_;
};

}  // namespace media
