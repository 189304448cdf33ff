#pragma once
// Sockets with deadlines, for the probe only. No OS types here: the per-OS file hides them.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace rdpmedic::probe::net {

using Deadline = std::chrono::steady_clock::time_point;

struct Resolved {
    bool ok = false;
    bool literal = false; ///< the host was an address already; nothing was looked up
    bool timed_out = false;
    std::vector<std::string> addresses; ///< numeric, resolver order, no duplicates
    std::string error;
};

/// Every A and AAAA answer from the system resolver. A lookup still running at the deadline
/// is abandoned (it finishes on its own thread), so this never waits past `deadline`.
Resolved resolve(const std::string& host, Deadline deadline);

/// Every A and AAAA record the DNS servers this machine is configured with hold for `host`
/// now, asked directly: past any local cache (nscd, systemd-resolved, the Windows DNS client)
/// and the hosts file. Against resolve(), it tells a stale cached answer. Never waits past
/// `deadline`, as resolve().
Resolved resolve_at_dns_server(const std::string& host, Deadline deadline);

/// Whether the hosts file (`hosts_file_path()`) names `host`: such a name is answered there,
/// so the DNS servers are not asked about it.
bool listed_in_hosts_file(const std::string& host);

/// Sets `ok` from the addresses found, keeping `error` only when there are none ("no addresses"
/// when nothing said why).
void conclude(Resolved& out);

/// The per-OS parts the above are made of: whether `host` is an IPv4 or IPv6 address already,
/// one blocking call of the system resolver, one blocking query of the DNS servers, and where
/// the hosts file is.
bool literal_address(const std::string& host);
Resolved lookup(const std::string& host);
Resolved lookup_at_dns_server(const std::string& host);
std::filesystem::path hosts_file_path();

bool is_ipv6(const std::string& address);

enum class ConnectStatus { Open, Refused, TimedOut, Unreachable, Error };

/// A connected, non-blocking TCP socket.
class Connection {
  public:
    explicit Connection(std::intptr_t handle) : handle_(handle) {}
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// The OS handle, for OpenSSL's SSL_set_fd.
    int native() const { return static_cast<int>(handle_); }

    enum class Io { Ok, Closed, Reset, TimedOut };
    Io send_all(std::span<const std::uint8_t> bytes, Deadline deadline);
    /// Appends what arrives (at most `max` bytes) to `into`; Ok once something arrived.
    Io receive(std::vector<std::uint8_t>& into, std::size_t max, Deadline deadline);
    /// Waits until the socket can be read (or written); false at the deadline.
    bool wait(bool for_write, Deadline deadline);

  private:
    /// One send() or recv() of the OS: how many bytes moved, or why none did.
    struct Transfer {
        enum class Status { Moved, WouldBlock, Closed, Reset } status = Status::Reset;
        std::size_t count = 0;
    };
    Transfer send_some(std::span<const std::uint8_t> bytes);
    Transfer receive_some(std::span<std::uint8_t> into);

    std::intptr_t handle_;
};

struct Connected {
    ConnectStatus status = ConnectStatus::Error;
    std::string error;
    std::unique_ptr<Connection> connection;
};

/// `max_segment` > 0 caps the TCP maximum segment size this side announces (TCP_MAXSEG before
/// the handshake), so the server sends no segment larger: how the probe finds the largest
/// size a path carries. Where the OS refuses the cap the connection fails with status Error.
Connected connect(const std::string& address, std::uint16_t port, Deadline deadline, int max_segment = 0);

} // namespace rdpmedic::probe::net
