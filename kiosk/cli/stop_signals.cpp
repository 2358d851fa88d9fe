#include "cli/stop_signals.h"

#include <fcntl.h>
#include <unistd.h>

namespace kiosk::cli {
namespace {

int stop_pipe_write = -1;

extern "C" void request_stop(int) {
    const char byte = 1;
    if (stop_pipe_write >= 0) [[maybe_unused]] auto ignored = ::write(stop_pipe_write, &byte, 1);
}

}  // namespace

StopSignals::StopSignals() {
    if (::pipe2(fds_, O_CLOEXEC | O_NONBLOCK) != 0) fds_[0] = fds_[1] = -1;
    stop_pipe_write = fds_[1];
    struct sigaction action {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGTERM, &action, &old_term_);
    ::sigaction(SIGINT, &action, &old_int_);
}

StopSignals::~StopSignals() {
    ::sigaction(SIGTERM, &old_term_, nullptr);
    ::sigaction(SIGINT, &old_int_, nullptr);
    stop_pipe_write = -1;
    for (int fd : fds_)
        if (fd >= 0) ::close(fd);
}

}  // namespace kiosk::cli
