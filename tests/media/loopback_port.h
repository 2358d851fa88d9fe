// A TCP port on loopback for network-source tests: listening (accepts connections, never answers)
// or closed (nothing there).
#pragma once
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace kiosk::test {

class LoopbackPort {
public:
    explicit LoopbackPort(bool listen_on_it) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
        socklen_t length = sizeof address;
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
        if (listen_on_it) listen(fd_, 4);
        else close_now();
    }
    ~LoopbackPort() { close_now(); }
    int port() const { return port_; }

private:
    void close_now() {
        if (fd_ >= 0) close(fd_);
        fd_ = -1;
    }
    int fd_ = -1;
    int port_ = 0;
};

}  // namespace kiosk::test
