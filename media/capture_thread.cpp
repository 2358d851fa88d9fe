#include "media/capture_thread.h"

namespace media {

CaptureThread::CaptureThread(std::unique_ptr<FrameSource> source, FrameMailbox& mailbox)
    : source_(std::move(source)), mailbox_(mailbox), thread_([this] { run(); }) {}

CaptureThread::~CaptureThread() { stop(); }

void CaptureThread::stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    mailbox_.close();
}

std::optional<kiosk::Error> CaptureThread::error() const {
    std::lock_guard lock(mutex_);
    return error_;
}

SourceStats CaptureThread::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void CaptureThread::run() {
    while (!stopping_) {
        auto frame = source_->next();
        std::lock_guard lock(mutex_);
        stats_ = source_->stats();
        if (!frame) {
            error_ = frame.error();
            break;
        }
        if (!*frame || !mailbox_.put(std::move(**frame))) break;
    }
    mailbox_.close();
}

}  // namespace media
