#pragma once
// A TLS connection kept open after the probe's handshake, for what the probe says over it
// next (the start of CredSSP). Reads and writes never wait past their deadline.

#include "net.h"

#include <span>
#include <vector>

struct ssl_st;

namespace rdpmedic::probe::tls {

class Channel {
  public:
    /// Takes `ssl` (a finished handshake over `connection`); `connection` must outlive it.
    Channel(ssl_st* ssl, net::Connection& connection);
    ~Channel();
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    enum class Io { Ok, Closed, TimedOut };
    Io write_all(std::span<const std::uint8_t> bytes, net::Deadline deadline);
    /// Appends what arrives (at most `max` bytes) to `into`; Ok once something arrived.
    Io read(std::vector<std::uint8_t>& into, std::size_t max, net::Deadline deadline);

  private:
    /// After an OpenSSL call returned `rc`: waits if it wants to be called again (true), or
    /// says why it cannot go on.
    bool wait_to_retry(int rc, net::Deadline deadline, Io& why);

    ssl_st* ssl_;
    net::Connection& connection_;
};

} // namespace rdpmedic::probe::tls
