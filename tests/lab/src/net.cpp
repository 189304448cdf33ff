#include "net.h"

#include <csignal>

#include <arpa/inet.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace rdpmedic::lab::detail {

namespace {

constexpr std::uint32_t loopback_address = 0x7F000001U;

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(loopback_address);
    return addr;
}

} // namespace

void Fd::reset(int fd) {
    if (fd_ >= 0) {
        ::close(fd_);
    }
    fd_ = fd;
}

std::string errno_message(const std::string& what) {
    const int err = errno;
    return what + ": " + std::strerror(err);
}

Fd listen_loopback(std::uint16_t port) {
    Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) {
        throw std::runtime_error(errno_message("lab: socket()"));
    }
    const int one = 1;
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) {
        throw std::runtime_error(errno_message("lab: setsockopt(SO_REUSEADDR)"));
    }
    const sockaddr_in addr = loopback(port);
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        throw std::runtime_error(
            errno_message("lab: cannot bind 127.0.0.1:" + std::to_string(port)));
    }
    if (::listen(fd.get(), SOMAXCONN) != 0) {
        throw std::runtime_error(errno_message("lab: listen()"));
    }
    return fd;
}

std::uint16_t local_port(int fd) {
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        throw std::runtime_error(errno_message("lab: getsockname()"));
    }
    return ntohs(addr.sin_port);
}

std::uint16_t free_loopback_port() {
    Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) {
        throw std::runtime_error(errno_message("lab: socket()"));
    }
    const sockaddr_in addr = loopback(0);
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        throw std::runtime_error(errno_message("lab: cannot bind a loopback port"));
    }
    return local_port(fd.get());
}

Fd connect_loopback(std::uint16_t port) {
    Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) {
        return fd;
    }
    const sockaddr_in addr = loopback(port);
    int rc = 0;
    do {
        rc = ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        fd.reset();
    }
    return fd;
}

bool loopback_port_listening(std::uint16_t port) {
    std::ifstream tcp("/proc/net/tcp");
    if (!tcp) {
        return connect_loopback(port).valid();
    }
    // Columns: sl local_address rem_address st ...; the kernel prints the network-order
    // address as a native integer, hence htonl.
    char wanted[32];
    std::snprintf(wanted, sizeof wanted, "%08X:%04X", htonl(loopback_address),
                  static_cast<unsigned>(port));
    std::string sl, local, remote, state;
    std::string rest;
    std::getline(tcp, rest);
    while (tcp >> sl >> local >> remote >> state) {
        if (local == wanted && state == "0A") {
            return true;
        }
        std::getline(tcp, rest);
    }
    return false;
}

bool send_all(int fd, const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    while (size > 0) {
        const ssize_t n = ::send(fd, p, size, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool recv_exact(int fd, void* data, std::size_t size) {
    auto* p = static_cast<unsigned char*>(data);
    while (size > 0) {
        const ssize_t n = ::recv(fd, p, size, 0);
        if (n == 0) {
            return false;
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool peer_has_closed(int fd) {
    char byte = 0;
    const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0;
}

void block_sigpipe_in_this_thread() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

} // namespace rdpmedic::lab::detail
