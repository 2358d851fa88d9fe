// The sole owner of a file descriptor (a socket, a device node): closed when the owner goes, moved
// but never copied, so no descriptor is closed twice or leaked on an early return.
#pragma once
#include <unistd.h>

#include <utility>

namespace kiosk::host {

class OwnedFd {
public:
    explicit OwnedFd(int fd) : fd_(fd) {}  // -1 (a failed open) is allowed: valid() says so
    ~OwnedFd() { close(); }
    OwnedFd(OwnedFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    OwnedFd& operator=(OwnedFd&& other) noexcept {
        if (this != &other) {
            close();
            fd_ = std::exchange(other.fd_, -1);
        }
        return *this;
    }
    OwnedFd(const OwnedFd&) = delete;
    OwnedFd& operator=(const OwnedFd&) = delete;

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }

private:
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    int fd_;
};

}  // namespace kiosk::host
