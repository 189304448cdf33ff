#include "rdpmedic/lab/gateway.h"

#include "net.h"
#include "pki.h"
#include "temp_dir.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <set>
#include <stdexcept>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace rdpmedic::lab {

using namespace detail;

namespace {

constexpr std::array<std::pair<GatewayBehaviour, std::string_view>, 8> kBehaviours{{
    {GatewayBehaviour::AuthRequired, "auth-required"},
    {GatewayBehaviour::Anonymous, "anonymous"},
    {GatewayBehaviour::HandshakeError, "handshake-error"},
    {GatewayBehaviour::HttpRefused, "http-refused"},
    {GatewayBehaviour::NotAGateway, "not-a-gateway"},
    {GatewayBehaviour::NotHttp, "not-http"},
    {GatewayBehaviour::Stall, "stall"},
    {GatewayBehaviour::HugeHead, "huge-head"},
}};

constexpr std::size_t kMaxRequestHead = 16 * 1024;
// How long an OUT channel waits for its IN channel's handshake request.
constexpr auto kPairingWait = std::chrono::seconds(10);
// MS-TSGU: HTTP_HANDSHAKE_RESPONSE_PACKET's errorCode; E_UNEXPECTED for the fault.
constexpr std::uint32_t kHandshakeError = 0x8000FFFF;

const char* const kUnauthorized = "HTTP/1.1 401 Unauthorized\r\n"
                                  "Content-Type: text/html\r\n"
                                  "Server: Microsoft-IIS/10.0\r\n"
                                  "WWW-Authenticate: Negotiate\r\n"
                                  "WWW-Authenticate: NTLM\r\n"
                                  "Content-Length: 0\r\n\r\n";

struct Request {
    std::string method;
    std::string path;
    std::string connection_id; ///< RDG-Connection-Id
};

/// The bytes after a request head that hold one HTTP chunk: "SIZE\r\nDATA\r\n".
struct ChunkReader {
    std::string pending;
    /// A complete chunk's data, or nothing yet.
    std::optional<std::string> take() {
        const auto line_end = pending.find("\r\n");
        if (line_end == std::string::npos) {
            return std::nullopt;
        }
        std::size_t size = 0;
        try {
            size = std::stoul(pending.substr(0, line_end), nullptr, 16);
        } catch (const std::exception&) {
            return std::string();
        }
        if (pending.size() < line_end + 2 + size) {
            return std::nullopt;
        }
        return pending.substr(line_end + 2, size);
    }
};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

Request parse_request(const std::string& head) {
    Request out;
    const auto line_end = head.find("\r\n");
    const std::string line = head.substr(0, line_end);
    const auto space = line.find(' ');
    out.method = line.substr(0, space);
    if (space != std::string::npos) {
        out.path = line.substr(space + 1, line.find(' ', space + 1) - space - 1);
    }
    const std::string lowered = lower(head);
    const auto id = lowered.find("\r\nrdg-connection-id:");
    if (id != std::string::npos) {
        const auto start = head.find_first_not_of(' ', id + 20);
        out.connection_id = head.substr(start, head.find("\r\n", start) - start);
    }
    return out;
}

bool is_gateway_path(const std::string& path) {
    return lower(path).rfind("/remotedesktopgateway/", 0) == 0;
}

std::string le_bytes(std::uint32_t value, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) {
        out += static_cast<char>((value >> (8 * i)) & 0xff);
    }
    return out;
}

} // namespace

std::string_view to_id(GatewayBehaviour behaviour) {
    for (const auto& [b, id] : kBehaviours) {
        if (b == behaviour) {
            return id;
        }
    }
    return "auth-required";
}

std::optional<GatewayBehaviour> parse_gateway_behaviour(std::string_view id) {
    for (const auto& [b, name] : kBehaviours) {
        if (name == id) {
            return b;
        }
    }
    return std::nullopt;
}

struct GatewayLab::Impl {
    GatewayOptions options;
    TempDir dir;
    Pki pki;
    Fd listener;
    Fd stop_read;
    Fd stop_write;
    std::thread acceptor;

    mutable std::mutex mutex;
    std::condition_variable paired;
    bool stopping = false;
    std::set<int> live;
    std::vector<std::thread> workers;
    std::vector<std::string> requests;
    /// Handshake requests the IN channels received, by RDG-Connection-Id.
    std::set<std::string> handshakes;

    explicit Impl(GatewayOptions o) : options(std::move(o)), pki(dir.path(), options.server_name) {
        listener = listen_loopback(options.port);
        int pipe_fds[2];
        if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
            throw std::runtime_error(errno_message("lab gateway: pipe"));
        }
        stop_read.reset(pipe_fds[0]);
        stop_write.reset(pipe_fds[1]);
        acceptor = std::thread([this] { accept_loop(); });
    }

    ~Impl() {
        {
            std::lock_guard lock(mutex);
            stopping = true;
            for (const int fd : live) {
                ::shutdown(fd, SHUT_RDWR);
            }
        }
        paired.notify_all();
        const char byte = 0;
        (void)!::write(stop_write.get(), &byte, 1);
        acceptor.join();
        for (std::thread& worker : workers) {
            worker.join();
        }
    }

    SSL_CTX* context() const {
        switch (options.certificate) {
        case GatewayCertificate::Trusted:
            return pki.healthy();
        case GatewayCertificate::Expired:
            return pki.expired();
        case GatewayCertificate::SelfSigned:
            return pki.self_signed();
        case GatewayCertificate::WrongName:
            return pki.wrong_name();
        }
        return pki.healthy();
    }

    void accept_loop() {
        for (;;) {
            pollfd fds[2] = {{stop_read.get(), POLLIN, 0}, {listener.get(), POLLIN, 0}};
            if (::poll(fds, 2, -1) < 0 && errno != EINTR) {
                return;
            }
            if ((fds[0].revents & POLLIN) != 0) {
                return;
            }
            if ((fds[1].revents & POLLIN) == 0) {
                continue;
            }
            const int fd = ::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                continue;
            }
            std::lock_guard lock(mutex);
            if (stopping) {
                ::close(fd);
                return;
            }
            live.insert(fd);
            workers.emplace_back([this, fd] {
                block_sigpipe_in_this_thread();
                serve(fd);
                std::lock_guard done(mutex);
                live.erase(fd);
                ::close(fd);
            });
        }
    }

    void serve(int fd) {
        SSL* ssl = SSL_new(context());
        if (ssl != nullptr && SSL_set_fd(ssl, fd) == 1 && SSL_accept(ssl) == 1) {
            std::string rest;
            if (const auto head = read_head(ssl, rest)) {
                answer(ssl, parse_request(*head), rest);
            }
            SSL_shutdown(ssl);
        }
        SSL_free(ssl);
        ERR_clear_error();
    }

    /// The request's head; `rest` gets what followed it.
    static std::optional<std::string> read_head(SSL* ssl, std::string& rest) {
        std::string data;
        std::array<char, 4096> buffer{};
        while (data.find("\r\n\r\n") == std::string::npos) {
            if (data.size() > kMaxRequestHead) {
                return std::nullopt;
            }
            const int n = SSL_read(ssl, buffer.data(), static_cast<int>(buffer.size()));
            if (n <= 0) {
                return std::nullopt;
            }
            data.append(buffer.data(), static_cast<std::size_t>(n));
        }
        const auto end = data.find("\r\n\r\n") + 4;
        rest = data.substr(end);
        return data.substr(0, end);
    }

    static bool write(SSL* ssl, const std::string& bytes) {
        return SSL_write(ssl, bytes.data(), static_cast<int>(bytes.size())) ==
               static_cast<int>(bytes.size());
    }

    /// Reads and drops everything until the peer closes or the lab stops.
    static void drain(SSL* ssl) {
        std::array<char, 4096> buffer{};
        while (SSL_read(ssl, buffer.data(), static_cast<int>(buffer.size())) > 0) {
        }
    }

    void answer(SSL* ssl, const Request& request, std::string rest) {
        {
            std::lock_guard lock(mutex);
            requests.push_back(request.method + " " + request.path);
        }
        const bool rdg = is_gateway_path(request.path) &&
                         (request.method == "RDG_OUT_DATA" || request.method == "RDG_IN_DATA");
        switch (options.behaviour) {
        case GatewayBehaviour::AuthRequired:
            write(ssl, rdg ? kUnauthorized : not_found());
            drain(ssl);
            return;
        case GatewayBehaviour::Anonymous:
        case GatewayBehaviour::HandshakeError:
            if (!rdg) {
                write(ssl, not_found());
            } else if (request.method == "RDG_OUT_DATA") {
                out_channel(ssl, request);
            } else {
                in_channel(ssl, request, std::move(rest));
            }
            drain(ssl);
            return;
        case GatewayBehaviour::HttpRefused:
            if (rdg) {
                write(ssl, "HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, POST\r\n"
                           "Server: Microsoft-IIS/10.0\r\nContent-Length: 0\r\n\r\n");
            } else if (request.method == "RPC_IN_DATA" &&
                       lower(request.path).rfind("/rpc/rpcproxy.dll", 0) == 0) {
                write(ssl, kUnauthorized);
            } else {
                write(ssl, not_found());
            }
            drain(ssl);
            return;
        case GatewayBehaviour::NotAGateway:
            write(ssl, not_found());
            drain(ssl);
            return;
        case GatewayBehaviour::NotHttp:
            write(ssl, std::string("\x00\x01\x02\x03\xff\xfe\r\n\x15\x03\x03\x00\x02\x02\x28", 15));
            return;
        case GatewayBehaviour::Stall:
            drain(ssl);
            return;
        case GatewayBehaviour::HugeHead: {
            write(ssl, "HTTP/1.1 200 OK\r\nX-Filler: ");
            const std::string filler(64 * 1024, 'a');
            for (int i = 0; i < 64 && !is_stopping(); ++i) {
                if (!write(ssl, filler)) {
                    return;
                }
            }
            return;
        }
        }
    }

    static std::string not_found() {
        return "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nServer: Microsoft-IIS/10.0\r\n"
               "Content-Length: 9\r\n\r\nnot found";
    }

    bool is_stopping() const {
        std::lock_guard lock(mutex);
        return stopping;
    }

    /// MS-TSGU 3.3.5.1: the 200, the random seed, then, once the IN channel of the same
    /// connection id carried the handshake request, the handshake response.
    void out_channel(SSL* ssl, const Request& request) {
        if (!write(ssl, "HTTP/1.1 200 OK\r\nServer: Microsoft-IIS/10.0\r\nContent-Type: "
                        "application/octet-stream\r\n\r\n") ||
            !write(ssl, std::string(10, '\xab'))) {
            return;
        }
        std::unique_lock lock(mutex);
        if (!paired.wait_for(
                lock, kPairingWait,
                [&] { return stopping || handshakes.contains(request.connection_id); }) ||
            stopping) {
            return;
        }
        lock.unlock();
        const std::uint32_t error =
            options.behaviour == GatewayBehaviour::HandshakeError ? kHandshakeError : 0;
        // type 2, reserved, length 18, errorCode, version 1.0, serverVersion 0, extendedAuth 0
        write(ssl, le_bytes(2, 2) + le_bytes(0, 2) + le_bytes(18, 4) + le_bytes(error, 4) +
                       std::string("\x01\x00", 2) + le_bytes(0, 2) + le_bytes(0, 2));
    }

    void in_channel(SSL* ssl, const Request& request, std::string rest) {
        if (!write(ssl,
                   "HTTP/1.1 200 OK\r\nServer: Microsoft-IIS/10.0\r\nContent-Length: 0\r\n\r\n")) {
            return;
        }
        ChunkReader chunks{std::move(rest)};
        std::array<char, 4096> buffer{};
        std::optional<std::string> packet;
        while (!(packet = chunks.take()) && chunks.pending.size() < kMaxRequestHead) {
            const int n = SSL_read(ssl, buffer.data(), static_cast<int>(buffer.size()));
            if (n <= 0) {
                return;
            }
            chunks.pending.append(buffer.data(), static_cast<std::size_t>(n));
        }
        // HTTP_HANDSHAKE_REQUEST_PACKET: type 1, length 14.
        if (packet && packet->size() == 14 && (*packet)[0] == 1 && (*packet)[1] == 0 &&
            (*packet)[4] == 14) {
            std::lock_guard lock(mutex);
            handshakes.insert(request.connection_id);
        }
        paired.notify_all();
    }
};

GatewayLab::GatewayLab(GatewayOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

GatewayLab::~GatewayLab() = default;

std::uint16_t GatewayLab::port() const {
    return local_port(impl_->listener.get());
}

std::filesystem::path GatewayLab::ca_certificate() const {
    return impl_->pki.ca_certificate();
}

std::vector<std::string> GatewayLab::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->requests;
}

} // namespace rdpmedic::lab
