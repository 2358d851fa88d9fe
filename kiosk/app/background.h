// Work the UI thread must never wait for (ledger writes and reads, camera probes, tearing down a
// video pipeline whose models are still loading) runs here, in order, on one worker thread. A job
// returns what to apply to the controller's state; apply_finished() runs those on the UI thread
// (Controller::tick), so the state the screens draw from is only ever touched by the UI thread.
//
//   background_.post([ledger] {                     // on the worker
//       auto written = ledger->append(...);
//       return [this, written] { message_ = ...; };  // later, on the UI thread
//   });
//
// The ledger and the open sessions are touched only by jobs, so one worker also serialises them.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace kiosk::app {

class Background {
public:
    using Apply = std::function<void()>;
    using Job = std::function<Apply()>;

    // `on_exception` runs on the UI thread with the message of a job that threw (a library
    // exception that escaped its boundary): the kiosk shows it instead of dying.
    explicit Background(std::function<void(const std::string&)> on_exception);
    ~Background();  // runs the queued jobs to the end (records are never dropped), then joins
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    void post(Job job);
    // Posted jobs whose result has not been applied yet.
    bool busy() const;
    // UI thread: applies what finished jobs returned, in the order they were posted.
    void apply_finished();
    // Blocks until every posted job ran, then applies them: for tests and scripted runs, never
    // from a frame.
    void settle();

private:
    void run();

    std::function<void(const std::string&)> on_exception_;
    mutable std::mutex mutex_;
    std::condition_variable wake_, finished_;
    std::deque<Job> queue_;
    std::deque<Apply> done_;
    std::size_t unapplied_ = 0;
    bool stopping_ = false;
    std::thread worker_;
};

}  // namespace kiosk::app
