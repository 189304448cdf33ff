#pragma once
/// What the user wants to connect to, and how.

#include <cstdint>
#include <filesystem>
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
    bool operator==(const Target&) const = default;
};

/// Thrown for a target the user typed that cannot be a host or a port.
class TargetError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Parses "HOST", "HOST:PORT", "[IPv6]:PORT" or a bare IPv6 literal. Throws TargetError,
/// also for a host longer than a DNS name can be (253 characters); its message quotes at most
/// the first 60 characters of the text. Without a port in the text the port is `default_port`:
/// 3389 for an RDP server, kGatewayPort for an RD Gateway.
Target parse_target(std::string_view text, std::uint16_t default_port = 3389);

/// An RD Gateway listens on HTTPS's port unless the address says otherwise.
constexpr std::uint16_t kGatewayPort = 443;

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

/// The security layer a connection asks for (FreeRDP's /sec:, mstsc's enablecredsspsupport).
enum class SecurityLayer { Rdp, Tls, Nla, Ext };
/// How an RD Gateway is reached (FreeRDP's gateway type; mstsc's RDGClientTransport).
enum class GatewayTransport { Auto, Http, Rpc };

/// Per-connection choices by meaning, set by the user's setup or a strategy. Each client's
/// launcher speaks them in its own dialect (FreeRDP 2, FreeRDP 3, mstsc's .rdp settings), so
/// nothing here is client syntax and nothing from a plugin reaches a command line as text.
struct ClientOverrides {
    std::optional<SecurityLayer> security;
    /// The OpenSSL security level of the client's TLS handshake (0 allows TLS 1.0 and weak keys).
    std::optional<int> tls_security_level;
    std::optional<GatewayTransport> gateway_transport;
    /// The name the server's certificate must carry, when it differs from the host connected
    /// to (connecting by IP address).
    std::optional<std::string> certificate_name;
    /// The SHA-256 of the server's certificate (DER), lowercase hex without separators, that
    /// the user decided to trust: the client accepts exactly that certificate without asking.
    std::optional<std::string> certificate_sha256;
    bool operator==(const ClientOverrides&) const = default;
};

/// What the user's .rdp file itself says about where to connect and as whom, as it was read.
/// A launcher compares the request with it and passes the client only what differs (a
/// strategy's address, the user's --user), so the rest stays as the file set it up: its
/// gateway usage method and credentials, its load-balancing info, its display settings.
struct RdpFileValues {
    Target target;
    std::optional<std::string> user;
    std::optional<std::string> domain;
    std::optional<std::string> gateway;
    bool operator==(const RdpFileValues&) const = default;
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
    /// The user's own .rdp file, when the connection came from one: the client is handed the
    /// whole file, and target, user, domain and gateway above were read from it (an override
    /// of them still wins).
    std::optional<std::filesystem::path> rdp_file;
    /// Set with rdp_file: the file's own target, user, domain and gateway.
    std::optional<RdpFileValues> file_values;
    /// Typed choices the client is given in its own dialect.
    ClientOverrides overrides;
    /// Extra arguments for the client, e.g. "/sec:tls" for FreeRDP, from the user only.
    std::vector<std::string> client_args;
    /// Set by a fallback strategy: the id of another installed client ("remmina", "msrdc", …)
    /// the connection is handed to instead of another attempt with the primary one.
    std::optional<std::string> client;
};

} // namespace rdpmedic
