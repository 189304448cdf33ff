#include "rdp_floor.h"

#include "rdpmedic/probe/x224.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <optional>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace rdpmedic::bench {

namespace {

// The IPv4 address `host` resolves to (the labs listen on IPv4 only), or none.
std::optional<in_addr> resolve_v4(const std::string& host) {
    in_addr literal{};
    if (::inet_pton(AF_INET, host.c_str(), &literal) == 1) {
        return literal;
    }
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    if (::getaddrinfo(host.c_str(), nullptr, &hints, &list) != 0 || list == nullptr) {
        return std::nullopt;
    }
    const in_addr address = reinterpret_cast<const sockaddr_in*>(list->ai_addr)->sin_addr;
    ::freeaddrinfo(list);
    return address;
}

// Byte 11 of a Connection Confirm is the negotiation structure's type: 2 is a response that
// selected a protocol, 3 a failure.
constexpr std::size_t kNegotiationType = 11;
constexpr std::uint8_t kNegotiationResponse = 0x02;

} // namespace

bool floor_once(SSL_CTX* ctx, const std::string& host, std::uint16_t port) {
    const auto resolved = resolve_v4(host);
    if (!resolved) {
        return false;
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    // Only a bound on a lab gone wrong: every endpoint the benchmarks use answers at once.
    const timeval limit{3, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr = *resolved;
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    const auto request = probe::x224_connection_request(probe::kProtocolSsl);
    std::uint8_t reply[19] = {};
    ok = ok && ::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size());
    ok = ok && ::recv(fd, reply, sizeof reply, MSG_WAITALL) == static_cast<ssize_t>(sizeof reply);
    ok = ok && reply[kNegotiationType] == kNegotiationResponse;
    if (ok) {
        SSL* ssl = SSL_new(ctx);
        ok = ssl != nullptr && SSL_set_fd(ssl, fd) == 1 && SSL_connect(ssl) == 1;
        SSL_free(ssl);
    }
    ::close(fd);
    return ok;
}

} // namespace rdpmedic::bench
