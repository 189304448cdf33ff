#include "net.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <arpa/nameser.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <resolv.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace rdpmedic::probe::net {

namespace {

int remaining_ms(Deadline deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return left.count() <= 0 ? 0 : static_cast<int>(std::min<long long>(left.count(), 1'000'000));
}

} // namespace

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
    conclude(out);
    return out;
}

Resolved lookup_at_dns_server(const std::string& host) {
    Resolved out;
    struct __res_state state {};
    if (::res_ninit(&state) != 0) {
        out.error = "cannot read the resolver configuration (/etc/resolv.conf)";
        return out;
    }
    // One try per server, two seconds each: the caller's deadline bounds it anyway.
    state.retrans = 2;
    state.retry = 1;
    std::vector<unsigned char> answer(4096);
    for (const int type : {ns_t_a, ns_t_aaaa}) {
        // res_nsearch applies the search domains, as getaddrinfo does for a short name.
        const int length = ::res_nsearch(&state, host.c_str(), ns_c_in, type, answer.data(),
                                         static_cast<int>(answer.size()));
        if (length < 0) {
            if (out.error.empty()) {
                out.error = h_errno == HOST_NOT_FOUND || h_errno == NO_DATA ? "no such name at the DNS server"
                                                                            : "no answer from the DNS server";
            }
            continue;
        }
        ns_msg message{};
        if (::ns_initparse(answer.data(), length, &message) != 0) {
            continue;
        }
        for (int i = 0; i < ns_msg_count(message, ns_s_an); ++i) {
            ns_rr record{};
            if (::ns_parserr(&message, ns_s_an, i, &record) != 0 || ns_rr_type(record) != type) {
                continue;
            }
            const bool v4 = type == ns_t_a;
            if (ns_rr_rdlen(record) != (v4 ? 4 : 16)) {
                continue;
            }
            char text[INET6_ADDRSTRLEN] = {};
            if (::inet_ntop(v4 ? AF_INET : AF_INET6, ns_rr_rdata(record), text, sizeof text) != nullptr &&
                std::find(out.addresses.begin(), out.addresses.end(), text) == out.addresses.end()) {
                out.addresses.emplace_back(text);
            }
        }
    }
    ::res_nclose(&state);
    conclude(out);
    return out;
}

std::filesystem::path hosts_file_path() {
    return "/etc/hosts";
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

Connection::Transfer Connection::send_some(std::span<const std::uint8_t> bytes) {
    const ssize_t n = ::send(static_cast<int>(handle_), bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
        return {Transfer::Status::Moved, static_cast<std::size_t>(n)};
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        return {Transfer::Status::WouldBlock, 0};
    }
    return {errno == EPIPE ? Transfer::Status::Closed : Transfer::Status::Reset, 0};
}

Connection::Transfer Connection::receive_some(std::span<std::uint8_t> into) {
    const ssize_t n = ::recv(static_cast<int>(handle_), into.data(), into.size(), 0);
    if (n > 0) {
        return {Transfer::Status::Moved, static_cast<std::size_t>(n)};
    }
    if (n == 0) {
        return {Transfer::Status::Closed, 0};
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
        return {Transfer::Status::WouldBlock, 0};
    }
    return {Transfer::Status::Reset, 0};
}

Connected connect(const std::string& address, std::uint16_t port, Deadline deadline, int max_segment) {
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
    if (max_segment > 0 && ::setsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &max_segment, sizeof max_segment) != 0) {
        out.error = std::string("cannot cap the segment size: ") + std::strerror(errno);
        ::freeaddrinfo(ai);
        return out;
    }
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
