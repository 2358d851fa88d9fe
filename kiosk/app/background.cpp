#include "app/background.h"

#include <exception>

#include "app/thread_priority.h"

namespace kiosk::app {

Background::Background(std::function<void(const std::string&)> on_exception) :
    on_exception_(std::move(on_exception)), worker_([this] { run(); }) {}

Background::~Background() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    worker_.join();
}

void Background::post(Job job) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(job));
        ++unapplied_;
    }
    wake_.notify_one();
}

bool Background::busy() const {
    std::lock_guard lock(mutex_);
    return unapplied_ > 0;
}

void Background::apply_finished() {
    std::deque<Apply> ready;
    {
        std::lock_guard lock(mutex_);
        ready.swap(done_);
    }
    // Applied outside the lock: an apply may post the next job.
    for (auto& apply : ready) {
        if (apply) apply();
        std::lock_guard lock(mutex_);
        --unapplied_;
    }
}

void Background::settle() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            finished_.wait(lock, [this] { return queue_.empty() && done_.size() == unapplied_; });
            if (unapplied_ == 0) return;
        }
        apply_finished();  // may post more jobs; the loop waits for those too
    }
}

void Background::run() {
    lower_thread_priority();  // ledger writes and probes wait; the screen does not
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything posted has run
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        Apply apply;
        try {
            apply = job();
        } catch (const std::exception& error) {
            apply = [this, message = std::string(error.what())] { on_exception_(message); };
        }
        {
            std::lock_guard lock(mutex_);
            done_.push_back(std::move(apply));
        }
        finished_.notify_all();
    }
}

}  // namespace kiosk::app
