#pragma once
// Small socket helpers shared by the lab's pieces. Loopback only: the lab must never be
// reachable from another machine.

#include <cstddef>
#include <cstdint>
#include <string>

namespace rdpmedic::lab::detail {

/// Owns one file descriptor.
class Fd {
  public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    Fd(Fd&& other) noexcept : fd_(other.release()) {}
    Fd& operator=(Fd&& other) noexcept {
        if (this != &other) {
            reset(other.release());
        }
        return *this;
    }

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    int release() {
        const int fd = fd_;
        fd_ = -1;
        return fd;
    }
    void reset(int fd = -1);

  private:
    int fd_ = -1;
};

/// "what: strerror(errno)".
std::string errno_message(const std::string& what);

/// A listening TCP socket on 127.0.0.1:port (0 = any free port), SO_REUSEADDR, close-on-exec.
/// Throws std::runtime_error.
Fd listen_loopback(std::uint16_t port);

/// The port a socket is bound to.
std::uint16_t local_port(int fd);

/// A port nobody listens on right now (bound once and released).
std::uint16_t free_loopback_port();

/// Blocking connect to 127.0.0.1:port; invalid Fd on failure.
Fd connect_loopback(std::uint16_t port);

/// Whether something accepts on 127.0.0.1:port, judged from /proc/net/tcp so the check does
/// not itself make a connection; falls back to connecting when /proc is not readable.
bool loopback_port_listening(std::uint16_t port);

/// Writes everything, without SIGPIPE. False on error.
bool send_all(int fd, const void* data, std::size_t size);

/// Reads exactly size bytes. False on EOF or error.
bool recv_exact(int fd, void* data, std::size_t size);

/// A client that disappears mid-write must cost the lab an EPIPE, not the process. Blocking
/// the signal per thread (a write's SIGPIPE goes to the writing thread) leaves the disposition
/// of the process that hosts the lab alone; OpenSSL writes with plain write().
void block_sigpipe_in_this_thread();

/// True when the peer has already sent its FIN and nothing is left to read.
bool peer_has_closed(int fd);

} // namespace rdpmedic::lab::detail
