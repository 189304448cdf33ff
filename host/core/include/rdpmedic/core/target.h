#pragma once
/// What the user wants to connect to, and how.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic {

struct Target {
    std::string host;
    std::uint16_t port = 3389;

    /// "host:port", with IPv6 literals in brackets.
    std::string to_string() const;
};

/// Thrown for a target the user typed that cannot be a host or a port.
class TargetError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Parses "HOST", "HOST:PORT", "[IPv6]:PORT" or a bare IPv6 literal. Throws TargetError.
Target parse_target(std::string_view text);

/// A password held only in memory: it has no stream operator and is wiped when destroyed,
/// so it cannot end up in a log line or a file by accident.
class Secret {
  public:
    Secret() = default;
    explicit Secret(std::string value) : value_(std::move(value)) {}
    Secret(const Secret&) = default;
    Secret& operator=(const Secret&) = default;
    ~Secret();
    const std::string& reveal() const { return value_; }
    bool empty() const { return value_.empty(); }

  private:
    std::string value_;
};

/// Everything one attempt needs. Strategies may change it between attempts
/// (per-connection overrides such as another address or extra client arguments).
struct ConnectRequest {
    Target target;
    std::optional<std::string> user;
    std::optional<std::string> domain;
    std::optional<Secret> password;
    /// An RD Gateway to go through, from an .rdp file's "gatewayhostname".
    std::optional<std::string> gateway;
    /// Extra arguments for the client, e.g. "/sec:tls" for FreeRDP.
    std::vector<std::string> client_args;
    /// Set by a fallback strategy: the id of another installed client ("remmina", "msrdc", …)
    /// the connection is handed to instead of another attempt with the primary one.
    std::optional<std::string> client;
};

} // namespace rdpmedic
