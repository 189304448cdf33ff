#include "rdpmedic/lab/lab.h"

#include "net.h"
#include "pki.h"
#include "temp_dir.h"
#include "xrdp.h"

#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <fcntl.h>
#include <functional>
#include <list>
#include <mutex>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <set>
#include <signal.h>
#include <stdexcept>
#include <stdlib.h>
#include <sys/socket.h>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <utility>

namespace rdpmedic::lab {

using namespace detail;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// X.224 Connection Confirm, dst-ref 0, src-ref 0x1234, then an 8-byte negotiation structure.
constexpr std::array<unsigned char, 19> nego_failure_reply{0x03, 0x00, 0x00, 0x13, 0x0E, 0xD0, 0x00,
                                                           0x00, 0x12, 0x34, 0x00, 0x03, 0x00, 0x08,
                                                           0x00, 0x00, 0x00, 0x00, 0x00};
constexpr std::size_t nego_failure_code_offset = 15;
constexpr std::array<unsigned char, 19> ssl_selected_reply{0x03, 0x00, 0x00, 0x13, 0x0E, 0xD0, 0x00,
                                                           0x00, 0x12, 0x34, 0x00, 0x02, 0x00, 0x08,
                                                           0x00, 0x01, 0x00, 0x00, 0x00};
constexpr std::uint32_t protocol_ssl = 0x1;
// xrdp listens with a backlog of 2: a connection beyond what its accept queue holds has its
// SYN dropped and waits out the kernel's 1 s retransmission, which a client sees as a server
// that does not answer. The relay keeps at most this many connections to xrdp that it has not
// answered yet; the others wait in the lab.
constexpr int max_unanswered_xrdp_connections = 2;
constexpr unsigned char ssl_required_by_server = 0x01;
// Far above any real Connection Request (cookie or routing token included).
constexpr std::size_t max_connection_request = 4096;

struct ConnectionRequest {
    std::string bytes; ///< everything read, as it arrived
    bool ok = false;
    bool peer_closed = false; ///< the client went away before a whole request arrived
    bool has_negotiation = false;
    std::uint32_t requested_protocols = 0;
};

ConnectionRequest read_connection_request(int fd) {
    ConnectionRequest request;
    std::array<unsigned char, 4> tpkt{};
    if (!recv_exact(fd, tpkt.data(), tpkt.size())) {
        request.peer_closed = true;
        return request;
    }
    request.bytes.assign(tpkt.begin(), tpkt.end());
    const std::size_t length = static_cast<std::size_t>(tpkt[2]) << 8 | tpkt[3];
    if (tpkt[0] != 0x03 || length < 11 || length > max_connection_request) {
        return request; // not RDP: a real server just drops it
    }
    std::vector<unsigned char> body(length - tpkt.size());
    if (!recv_exact(fd, body.data(), body.size())) {
        request.peer_closed = true;
        return request;
    }
    request.bytes.append(body.begin(), body.end());
    if ((body[1] & 0xF0) != 0xE0) {
        return request;
    }
    request.ok = true;
    if (body.size() >= 7 + 8) {
        const unsigned char* neg = body.data() + body.size() - 8;
        if (neg[0] == 0x01 && neg[2] == 0x08 && neg[3] == 0x00) {
            request.has_negotiation = true;
            request.requested_protocols =
                static_cast<std::uint32_t>(neg[4]) | static_cast<std::uint32_t>(neg[5]) << 8 |
                static_cast<std::uint32_t>(neg[6]) << 16 | static_cast<std::uint32_t>(neg[7]) << 24;
        }
    }
    return request;
}

enum class RelayEnd { ClientClosed, ServerClosed };

void set_nonblocking(int fd) {
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) {
        ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    }
}

/// Copies bytes both ways until either side closes or fails; `server_answered` is called once,
/// when the first bytes from `server` arrive.
RelayEnd relay(int client, int server, const std::function<void()>& server_answered) {
    bool answered = false;
    set_nonblocking(client);
    set_nonblocking(server);
    struct Direction {
        int from;
        int to;
        RelayEnd if_from_closes;
        std::array<char, 64 * 1024> buffer{};
        std::size_t begin = 0;
        std::size_t end = 0;
    };
    auto directions = std::make_unique<std::array<Direction, 2>>();
    (*directions)[0].from = client;
    (*directions)[0].to = server;
    (*directions)[0].if_from_closes = RelayEnd::ClientClosed;
    (*directions)[1].from = server;
    (*directions)[1].to = client;
    (*directions)[1].if_from_closes = RelayEnd::ServerClosed;

    for (;;) {
        std::array<pollfd, 2> fds{pollfd{client, 0, 0}, pollfd{server, 0, 0}};
        const auto slot = [&](int fd) -> pollfd& { return fd == client ? fds[0] : fds[1]; };
        for (const Direction& d : *directions) {
            if (d.begin == d.end) {
                slot(d.from).events |= POLLIN;
            } else {
                slot(d.to).events |= POLLOUT;
            }
        }
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return RelayEnd::ServerClosed;
        }
        // The lab never half-closes, so a hang-up means a reset (or the lab stopping): what
        // is still buffered can no longer be delivered.
        constexpr short gone = POLLHUP | POLLERR | POLLNVAL;
        if ((fds[0].revents & gone) != 0) {
            return RelayEnd::ClientClosed;
        }
        if ((fds[1].revents & gone) != 0) {
            return RelayEnd::ServerClosed;
        }
        for (Direction& d : *directions) {
            const pollfd& from = slot(d.from);
            const pollfd& to = slot(d.to);
            if (d.begin == d.end && (from.revents & POLLIN) != 0) {
                const ssize_t n = ::recv(d.from, d.buffer.data(), d.buffer.size(), 0);
                if (n == 0) {
                    return d.if_from_closes;
                }
                if (n < 0) {
                    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                        continue;
                    }
                    return d.if_from_closes;
                }
                d.begin = 0;
                d.end = static_cast<std::size_t>(n);
                if (d.from == server && !answered) {
                    answered = true;
                    server_answered();
                }
            } else if (d.begin != d.end && (to.revents & POLLOUT) != 0) {
                const ssize_t n =
                    ::send(d.to, d.buffer.data() + d.begin, d.end - d.begin, MSG_NOSIGNAL);
                if (n < 0) {
                    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                        continue;
                    }
                    return d.if_from_closes == RelayEnd::ClientClosed ? RelayEnd::ServerClosed
                                                                      : RelayEnd::ClientClosed;
                }
                d.begin += static_cast<std::size_t>(n);
                if (d.begin == d.end) {
                    d.begin = d.end = 0;
                }
            }
        }
    }
}

void validate(const FaultSpec& spec) {
    if (spec.fault == Fault::NegoFailure &&
        (spec.nego_failure_code < 1 || spec.nego_failure_code > 6)) {
        throw std::invalid_argument("lab: RDP_NEG_FAILURE code must be 1..6, not " +
                                    std::to_string(spec.nego_failure_code));
    }
}

// The name goes into the certificates' subjectAltName list, where a comma would start another.
// A leading "*." makes it a wildcard certificate, as a farm of servers often shares.
void validate_server_name(const std::string& name) {
    const std::string plain = name.starts_with("*.") ? name.substr(2) : name;
    if (plain.empty() || plain.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") !=
                             std::string::npos) {
        throw std::invalid_argument(
            "lab: the server name must be a DNS name (letters, digits, '.', '-'), or one after '*.', not '" + name +
            "'");
    }
}

} // namespace

struct Lab::Impl {
    explicit Impl(LabOptions lab_options);
    ~Impl();
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    void wake() const;
    void wait_applied(std::uint64_t generation);
    void accept_loop();
    void accept_one();
    void reap_workers(bool all);
    void serve(int fd, FaultSpec spec, std::size_t index);
    bool serve_nego_failure(int fd, int code, std::size_t index);
    bool serve_tls(int fd, SSL_CTX* ctx, std::size_t index);
    bool serve_healthy(int fd, std::size_t index);
    ConnectionRequest read_and_record_request(int fd, std::size_t index);
    bool is_stopping() const;
    void close_client(int fd, std::size_t index, bool by_lab);

    LabOptions options;
    TempDir dir; // destroyed last: xrdp and the certificates live in it
    std::unique_ptr<Pki> pki;
    std::unique_ptr<XrdpServer> xrdp;
    std::uint16_t port = 0;
    Fd wake_read;
    Fd wake_write;

    mutable std::mutex mutex;
    std::condition_variable applied;
    std::condition_variable xrdp_slot_free;
    int unanswered_xrdp_connections = 0;
    FaultSpec fault;
    int remaining = -1;
    std::vector<Connection> connections;
    std::set<int> live_sockets; // shut down on stop, so no worker stays blocked
    bool stopping = false;
    std::uint64_t wanted_generation = 0;
    std::uint64_t applied_generation = 0;
    std::string listener_error;

    // Touched by the accept thread only (and by the destructor once it has been joined).
    Fd listener;
    struct Worker {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };
    std::list<Worker> workers;
    std::thread acceptor;
};

Lab::Impl::Impl(LabOptions lab_options) : options(std::move(lab_options)) {
    validate(options.initial);
    validate_server_name(options.server_name);
    // The front port first: a port already taken is the likeliest failure, and the cheapest.
    listener = listen_loopback(options.port);
    set_nonblocking(listener.get());
    port = local_port(listener.get());
    pki = std::make_unique<Pki>(dir.path(), options.server_name);
    XrdpSettings xrdp_settings;
    xrdp_settings.dir = dir.path();
    xrdp_settings.security_layer = options.xrdp_security_layer;
    xrdp_settings.certificate =
        options.xrdp_self_signed ? pki->self_signed_certificate() : pki->server_certificate();
    xrdp_settings.key = pki->server_key();
    if (options.xrdp_tls10_only) {
        xrdp_settings.ssl_protocols = "TLSv1";
        xrdp_settings.tls_ciphers = "DEFAULT:@SECLEVEL=0";
    }
    xrdp = std::make_unique<XrdpServer>(xrdp_settings);

    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) {
        throw std::runtime_error(errno_message("lab: pipe2()"));
    }
    wake_read.reset(pipe_fds[0]);
    wake_write.reset(pipe_fds[1]);

    fault = options.initial;
    remaining = options.fault_connections;
    if (remaining == 0) {
        fault = FaultSpec{};
        remaining = -1;
    }
    wanted_generation = 1;
    // Last: nothing after this may throw, or the thread would outlive a half-built lab.
    acceptor = std::thread([this] { accept_loop(); });
}

Lab::Impl::~Impl() {
    {
        std::lock_guard lock(mutex);
        stopping = true;
        for (const int fd : live_sockets) {
            ::shutdown(fd, SHUT_RDWR);
        }
    }
    applied.notify_all();
    xrdp_slot_free.notify_all();
    wake();
    if (acceptor.joinable()) {
        acceptor.join();
    }
    reap_workers(true);
    listener.reset();
    xrdp.reset();
}

void Lab::Impl::wake() const {
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_write.get(), &byte, 1);
}

void Lab::Impl::wait_applied(std::uint64_t generation) {
    std::unique_lock lock(mutex);
    const bool done = applied.wait_for(lock, std::chrono::seconds(10), [&] {
        return applied_generation >= generation || stopping;
    });
    if (!done) {
        throw std::runtime_error("lab: the accept thread did not respond");
    }
    if (!listener_error.empty()) {
        throw std::runtime_error(listener_error);
    }
}

bool Lab::Impl::is_stopping() const {
    std::lock_guard lock(mutex);
    return stopping;
}

void Lab::Impl::accept_loop() {
    block_sigpipe_in_this_thread();
    for (;;) {
        bool want_listener = false;
        std::uint64_t generation = 0;
        {
            std::lock_guard lock(mutex);
            if (stopping) {
                break;
            }
            want_listener = fault.fault != Fault::PortClosed;
            generation = wanted_generation;
        }
        std::string error;
        if (want_listener && !listener.valid()) {
            try {
                listener = listen_loopback(port);
                set_nonblocking(listener.get());
            } catch (const std::exception& e) {
                error = e.what();
            }
        } else if (!want_listener && listener.valid()) {
            // Connections still in the backlog are reset, as when a service stops.
            listener.reset();
        }
        {
            std::lock_guard lock(mutex);
            listener_error = error;
            applied_generation = std::max(applied_generation, generation);
        }
        applied.notify_all();

        std::array<pollfd, 2> fds{pollfd{wake_read.get(), POLLIN, 0},
                                  pollfd{listener.valid() ? listener.get() : -1, POLLIN, 0}};
        // While a wanted port cannot be bound, keep trying.
        const int timeout = want_listener && !listener.valid() ? 200 : 1000;
        if (::poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if ((fds[0].revents & POLLIN) != 0) {
            char drain[64];
            while (::read(wake_read.get(), drain, sizeof drain) > 0) {
            }
            continue;
        }
        if ((fds[1].revents & POLLIN) != 0) {
            accept_one();
        }
        reap_workers(false);
    }
}

void Lab::Impl::accept_one() {
    const int fd = ::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
        return;
    }
    FaultSpec spec;
    std::size_t index = 0;
    {
        std::lock_guard lock(mutex);
        if (stopping) {
            ::close(fd);
            return;
        }
        spec = fault;
        if (remaining > 0 && --remaining == 0) {
            fault = FaultSpec{};
            remaining = -1;
        }
        connections.push_back(Connection{Clock::now(), std::nullopt, spec, {}});
        index = connections.size() - 1;
        live_sockets.insert(fd);
    }
    auto done = std::make_shared<std::atomic<bool>>(false);
    try {
        workers.push_back(Worker{std::thread([this, fd, spec, index, done] {
                                     serve(fd, spec, index);
                                     done->store(true);
                                 }),
                                 done});
    } catch (const std::system_error&) {
        close_client(fd, index, true);
    }
}

void Lab::Impl::reap_workers(bool all) {
    for (auto it = workers.begin(); it != workers.end();) {
        if (all || it->done->load()) {
            it->thread.join();
            it = workers.erase(it);
        } else {
            ++it;
        }
    }
}

void Lab::Impl::close_client(int fd, std::size_t index, bool by_lab) {
    std::lock_guard lock(mutex);
    if (by_lab && !peer_has_closed(fd)) {
        connections[index].closed_by_lab = Clock::now();
    }
    live_sockets.erase(fd);
    ::close(fd);
}

void Lab::Impl::serve(int fd, FaultSpec spec, std::size_t index) {
    block_sigpipe_in_this_thread();
    bool by_lab = true;
    switch (spec.fault) {
    case Fault::Healthy:
        by_lab = serve_healthy(fd, index);
        break;
    case Fault::PortClosed: {
        // Accepted in the instant before the listener closed: a reset is the nearest thing
        // to a refusal.
        const linger abort_on_close{1, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
        break;
    }
    case Fault::AcceptThenClose:
        break;
    case Fault::AcceptThenStall: {
        std::array<char, 4096> discard{};
        ssize_t n = 0;
        do {
            n = ::recv(fd, discard.data(), discard.size(), 0);
        } while (n > 0 || (n < 0 && errno == EINTR));
        by_lab = is_stopping();
        break;
    }
    case Fault::NegoFailure:
        by_lab = serve_nego_failure(fd, spec.nego_failure_code, index);
        break;
    case Fault::TlsExpiredCert:
        by_lab = serve_tls(fd, pki->expired(), index);
        break;
    case Fault::TlsWrongName:
        by_lab = serve_tls(fd, pki->wrong_name(), index);
        break;
    case Fault::TlsSelfSigned:
        by_lab = serve_tls(fd, pki->self_signed(), index);
        break;
    case Fault::TlsVersionMismatch:
        by_lab = serve_tls(fd, pki->tls10_only(), index);
        break;
    }
    close_client(fd, index, by_lab);
}

ConnectionRequest Lab::Impl::read_and_record_request(int fd, std::size_t index) {
    ConnectionRequest request = read_connection_request(fd);
    std::lock_guard lock(mutex);
    connections[index].connection_request = request.bytes;
    return request;
}

bool Lab::Impl::serve_nego_failure(int fd, int code, std::size_t index) {
    const ConnectionRequest request = read_and_record_request(fd, index);
    if (!request.ok) {
        return !request.peer_closed;
    }
    auto reply = nego_failure_reply;
    reply[nego_failure_code_offset] = static_cast<unsigned char>(code);
    send_all(fd, reply.data(), reply.size());
    return true;
}

bool Lab::Impl::serve_tls(int fd, SSL_CTX* ctx, std::size_t index) {
    const ConnectionRequest request = read_and_record_request(fd, index);
    if (!request.ok) {
        return !request.peer_closed;
    }
    if (!request.has_negotiation || (request.requested_protocols & protocol_ssl) == 0) {
        // A server that needs TLS answers a client that does not offer it like this.
        auto reply = nego_failure_reply;
        reply[nego_failure_code_offset] = ssl_required_by_server;
        send_all(fd, reply.data(), reply.size());
        return true;
    }
    if (!send_all(fd, ssl_selected_reply.data(), ssl_selected_reply.size())) {
        return false;
    }
    SSL* ssl = SSL_new(ctx);
    if (ssl == nullptr) {
        ERR_clear_error();
        return true;
    }
    bool by_lab = true;
    if (SSL_set_fd(ssl, fd) == 1 && SSL_accept(ssl) == 1) {
        std::array<char, 4096> discard{};
        while (SSL_read(ssl, discard.data(), static_cast<int>(discard.size())) > 0) {
        }
        by_lab = is_stopping();
    }
    SSL_free(ssl);
    ERR_clear_error();
    return by_lab;
}

bool Lab::Impl::serve_healthy(int fd, std::size_t index) {
    {
        std::unique_lock lock(mutex);
        xrdp_slot_free.wait(lock, [&] {
            return stopping || unanswered_xrdp_connections < max_unanswered_xrdp_connections;
        });
        if (stopping) {
            return true;
        }
        ++unanswered_xrdp_connections;
    }
    bool slot_held = true;
    const auto release_slot = [&] {
        if (std::exchange(slot_held, false)) {
            std::lock_guard lock(mutex);
            --unanswered_xrdp_connections;
            xrdp_slot_free.notify_one();
        }
    };
    struct ReleaseAtEnd {
        const decltype(release_slot)& release;
        ~ReleaseAtEnd() { release(); }
    } release_at_end{release_slot};
    Fd upstream = connect_loopback(xrdp->port());
    if (!upstream.valid()) {
        return true;
    }
    {
        std::lock_guard lock(mutex);
        if (stopping) {
            return true;
        }
        live_sockets.insert(upstream.get());
    }
    // The Connection Request is recorded on its way through (what the client put in it, e.g.
    // an .rdp file's loadbalanceinfo); xrdp gets the same bytes.
    const ConnectionRequest request = read_and_record_request(fd, index);
    const RelayEnd end =
        send_all(upstream.get(), request.bytes.data(), request.bytes.size()) && !request.peer_closed
            ? relay(fd, upstream.get(), release_slot)
            : RelayEnd::ClientClosed;
    {
        std::lock_guard lock(mutex);
        live_sockets.erase(upstream.get());
        upstream.reset(); // under the lock: stop() must never shut down a reused number
    }
    return end == RelayEnd::ServerClosed;
}

Lab::Lab(LabOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
    impl_->wait_applied(1);
}

Lab::~Lab() = default;

std::uint16_t Lab::port() const {
    return impl_->port;
}

std::uint16_t Lab::xrdp_port() const {
    return impl_->xrdp->port();
}

void Lab::set_fault(FaultSpec spec, int fault_connections) {
    validate(spec);
    std::uint64_t generation = 0;
    {
        std::lock_guard lock(impl_->mutex);
        impl_->fault = spec;
        impl_->remaining = fault_connections;
        if (fault_connections == 0) {
            impl_->fault = FaultSpec{};
            impl_->remaining = -1;
        }
        generation = ++impl_->wanted_generation;
    }
    impl_->wake();
    impl_->wait_applied(generation);
}

FaultSpec Lab::fault() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->fault;
}

std::string Lab::certificate_host() const {
    return impl_->options.server_name;
}

fs::path Lab::ca_certificate() const {
    return impl_->pki->ca_certificate();
}

std::filesystem::path Lab::server_certificate() const {
    return impl_->options.xrdp_self_signed ? impl_->pki->self_signed_certificate()
                                           : impl_->pki->server_certificate();
}

std::vector<Lab::Connection> Lab::connections() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->connections;
}

std::size_t Lab::connection_count() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->connections.size();
}

} // namespace rdpmedic::lab
