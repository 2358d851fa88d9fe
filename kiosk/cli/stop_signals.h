// SIGTERM and SIGINT as a pipe that becomes readable: long-running commands (kiosk watch,
// kiosk-agent run) poll it beside their own descriptors and stop cleanly, outside the handler.
#pragma once
#include <signal.h>

namespace kiosk::cli {

// Installs the handlers for its lifetime; the previous handlers come back afterwards.
class StopSignals {
public:
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    // Readable once a signal arrived. Nothing reads it, so every thread that polls it sees the stop
    // (-1 when no pipe could be made).
    int fd() const { return fds_[0]; }

private:
    int fds_[2];
    struct sigaction old_term_ {}, old_int_ {};
};

}  // namespace kiosk::cli
