#include "net.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace rdpmedic::probe::net {

namespace {

int remaining_ms(Deadline deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return left.count() <= 0 ? 0 : static_cast<int>(std::min<long long>(left.count(), 1'000'000));
}

bool literal_address(const std::string& host) {
    in6_addr v6{};
    in_addr v4{};
    return inet_pton(AF_INET, host.c_str(), &v4) == 1 ||
           inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

Resolved lookup(const std::string& host) {
    Resolved out;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &list);
    if (rc != 0) {
        out.error = rc == EAI_SYSTEM ? std::strerror(errno) : ::gai_strerror(rc);
        return out;
    }
    for (const addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
        char text[INET6_ADDRSTRLEN] = {};
        if (::getnameinfo(ai->ai_addr, ai->ai_addrlen, text, sizeof text, nullptr, 0,
                          NI_NUMERICHOST) == 0 &&
            std::find(out.addresses.begin(), out.addresses.end(), text) == out.addresses.end()) {
            out.addresses.emplace_back(text);
        }
    }
    ::freeaddrinfo(list);
    out.ok = !out.addresses.empty();
    if (!out.ok) {
        out.error = "no addresses";
    }
    return out;
}

// Shared with a lookup thread that may outlive the caller.
struct Pending {
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
    Resolved result;
};

} // namespace

bool is_ipv6(const std::string& address) {
    return address.find(':') != std::string::npos;
}

Resolved resolve(const std::string& host, Deadline deadline) {
    if (literal_address(host)) {
        Resolved out;
        out.ok = true;
        out.literal = true;
        out.addresses.push_back(host);
        return out;
    }
    auto pending = std::make_shared<Pending>();
    // getaddrinfo cannot be cancelled: the thread is detached and finishes on its own.
    std::thread([pending, host] {
        Resolved result = lookup(host);
        std::lock_guard lock(pending->mutex);
        pending->result = std::move(result);
        pending->finished = true;
        pending->done.notify_all();
    }).detach();
    std::unique_lock lock(pending->mutex);
    if (!pending->done.wait_until(lock, deadline, [&] { return pending->finished; })) {
        Resolved out;
        out.timed_out = true;
        out.error = "no answer from the resolver in time";
        return out;
    }
    return pending->result;
}

Connection::~Connection() {
    ::close(static_cast<int>(handle_));
}

bool Connection::wait(bool for_write, Deadline deadline) {
    pollfd p{static_cast<int>(handle_), static_cast<short>(for_write ? POLLOUT : POLLIN), 0};
    for (;;) {
        const int rc = ::poll(&p, 1, remaining_ms(deadline));
        if (rc > 0) {
            return true;
        }
        if (rc == 0 || errno != EINTR) {
            return false;
        }
    }
}

Connection::Io Connection::send_all(std::span<const std::uint8_t> bytes, Deadline deadline) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(static_cast<int>(handle_), bytes.data() + sent,
                                 bytes.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            if (!wait(true, deadline)) {
                return Io::TimedOut;
            }
            continue;
        }
        return errno == EPIPE ? Io::Closed : Io::Reset;
    }
    return Io::Ok;
}

Connection::Io Connection::receive(std::vector<std::uint8_t>& into, std::size_t max,
                                   Deadline deadline) {
    std::uint8_t buffer[4096];
    for (;;) {
        const ssize_t n =
            ::recv(static_cast<int>(handle_), buffer, std::min(max, sizeof buffer), 0);
        if (n > 0) {
            into.insert(into.end(), buffer, buffer + n);
            return Io::Ok;
        }
        if (n == 0) {
            return Io::Closed;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
            if (!wait(false, deadline)) {
                return Io::TimedOut;
            }
            continue;
        }
        return Io::Reset;
    }
}

Connected connect(const std::string& address, std::uint16_t port, Deadline deadline) {
    Connected out;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    addrinfo* ai = nullptr;
    const std::string service = std::to_string(port);
    if (::getaddrinfo(address.c_str(), service.c_str(), &hints, &ai) != 0 || ai == nullptr) {
        out.error = "not a numeric address: " + address;
        return out;
    }
    const int fd = ::socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        out.error = std::strerror(errno);
        ::freeaddrinfo(ai);
        return out;
    }
    auto connection = std::make_unique<Connection>(fd);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    ::freeaddrinfo(ai);
    int error = rc == 0 ? 0 : errno;
    if (rc != 0 && error == EINPROGRESS) {
        if (!connection->wait(true, deadline)) {
            out.status = ConnectStatus::TimedOut;
            out.error = "no answer to the connection attempt in time";
            return out;
        }
        socklen_t size = sizeof error;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size);
    }
    switch (error) {
    case 0:
        out.status = ConnectStatus::Open;
        out.connection = std::move(connection);
        return out;
    case ECONNREFUSED:
        out.status = ConnectStatus::Refused;
        break;
    case ETIMEDOUT:
        out.status = ConnectStatus::TimedOut;
        break;
    case ENETUNREACH:
    case EHOSTUNREACH:
    case EADDRNOTAVAIL:
    case ENETDOWN:
        out.status = ConnectStatus::Unreachable;
        break;
    default:
        out.status = ConnectStatus::Error;
        break;
    }
    out.error = std::strerror(error);
    return out;
}

} // namespace rdpmedic::probe::net
