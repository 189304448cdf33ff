#pragma once
/// A lab RD Gateway on 127.0.0.1: TLS on a loopback port, answering the HTTP transport of
/// MS-TSGU the way a Windows RD Gateway does, or with one of the faults a client meets in front
/// of one. Nothing on the wire tells the client which behaviour it is talking to.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic::lab {

enum class GatewayBehaviour {
    AuthRequired,   ///< RDG_OUT_DATA/RDG_IN_DATA get 401 with WWW-Authenticate Negotiate and NTLM
    Anonymous,      ///< lets both channels in without credentials and answers the handshake
    HandshakeError, ///< lets both channels in, but the handshake response carries E_UNEXPECTED
    HttpRefused,    ///< RDG_* methods get 405; the RPC over HTTP proxy asks for authentication
    NotAGateway,    ///< a plain web server: 404 for every request
    NotHttp,        ///< answers the request with binary bytes, then closes
    Stall,          ///< completes TLS, reads the request, never answers
    HugeHead,       ///< a header line that never ends, megabytes of it
};

/// "auth-required", "anonymous", "handshake-error", "http-refused", "not-a-gateway",
/// "not-http", "stall", "huge-head".
std::string_view to_id(GatewayBehaviour behaviour);
std::optional<GatewayBehaviour> parse_gateway_behaviour(std::string_view id);

enum class GatewayCertificate {
    Trusted,    ///< from the lab's CA, for the server name
    Expired,    ///< from the lab's CA, notAfter passed
    SelfSigned, ///< self-signed, for the server name
    WrongName,  ///< from the lab's CA, for another name
};

struct GatewayOptions {
    GatewayBehaviour behaviour = GatewayBehaviour::AuthRequired;
    GatewayCertificate certificate = GatewayCertificate::Trusted;
    /// The DNS name the certificates are issued for (beside IP 127.0.0.1).
    std::string server_name = "localhost";
    /// 0 picks a free loopback port.
    std::uint16_t port = 0;
};

/// Serves from the constructor until the destructor, one thread per connection.
class GatewayLab {
  public:
    /// Throws std::runtime_error when the port cannot be bound or the certificates not made.
    explicit GatewayLab(GatewayOptions options = {});
    /// Closes every connection and joins every thread. Bounded in time.
    ~GatewayLab();
    GatewayLab(const GatewayLab&) = delete;
    GatewayLab& operator=(const GatewayLab&) = delete;
    GatewayLab(GatewayLab&&) = delete;
    GatewayLab& operator=(GatewayLab&&) = delete;

    std::uint16_t port() const;
    /// PEM file of the lab's CA; gone once the lab is destroyed.
    std::filesystem::path ca_certificate() const;
    /// "METHOD PATH" of every request read so far, in order.
    std::vector<std::string> requests() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace rdpmedic::lab
