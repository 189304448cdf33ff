#pragma once
/// The lab: a local RDP endpoint on 127.0.0.1 that serves real faults on the wire, so tests,
/// benchmarks and demos can run the real client against every failure rdpmedic must recognise.
/// Nothing on the wire tells the client which fault it is talking to.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic::lab {

enum class Fault {
    Healthy,            ///< byte-forwarded to a real xrdp
    PortClosed,         ///< nothing listens: connection refused
    AcceptThenClose,    ///< TCP accepted, then closed at once (mstsc 0x904)
    AcceptThenStall,    ///< TCP accepted, everything read, nothing ever answered
    NegoFailure,        ///< X.224 Connection Confirm carrying RDP_NEG_FAILURE
    TlsExpiredCert,     ///< CA-signed certificate for localhost whose notAfter has passed
    TlsWrongName,       ///< CA-signed certificate, valid now, for another host name
    TlsSelfSigned,      ///< self-signed certificate for localhost
    TlsVersionMismatch, ///< server speaks TLS 1.0 only
};

/// "healthy", "port-closed", "accept-close", "accept-stall", "nego-failure", "tls-expired",
/// "tls-wrong-name", "tls-self-signed", "tls-version-mismatch".
std::string_view to_id(Fault fault);

struct FaultSpec {
    Fault fault = Fault::Healthy;
    /// RDP_NEG_FAILURE failureCode 1..6, only with Fault::NegoFailure.
    int nego_failure_code = 0;

    bool operator==(const FaultSpec&) const = default;
};

/// Inverse of to_id(const FaultSpec&); NegoFailure needs its code ("nego-failure-3").
std::optional<FaultSpec> parse_fault(std::string_view id);

/// Like to_id(Fault), but NegoFailure gets its code: "nego-failure-N".
std::string to_id(const FaultSpec& spec);

/// Every fault the lab can serve, each NegoFailure code once, Healthy first.
std::vector<FaultSpec> all_faults();

struct LabOptions {
    /// 0 picks a free loopback port.
    std::uint16_t port = 0;
    /// xrdp's security_layer: negotiate, tls or rdp.
    std::string xrdp_security_layer = "negotiate";
    /// xrdp as an outdated server: TLS 1.0 only (ssl_protocols=TLSv1), with OpenSSL security
    /// level 0 on its side so its own OpenSSL agrees to speak it. Unlike the TlsVersionMismatch
    /// fault, a real RDP server answers behind the handshake, so a client that accepts TLS 1.0
    /// connects.
    bool xrdp_tls10_only = false;
    /// xrdp presents a self-signed certificate (issued for server_name) instead of one from
    /// the lab's CA, as every Windows PC does by default: a machine that trusts the lab's CA
    /// still does not trust it. Each lab makes a new one, so two labs on the same port show a
    /// client a changed certificate.
    bool xrdp_self_signed = false;
    /// The DNS name the server's certificates are issued for (beside IP 127.0.0.1), as a
    /// server's certificate carries the name users connect to. "*.DOMAIN" issues them as
    /// wildcard certificates, valid for every name in DOMAIN.
    std::string server_name = "localhost";
    /// Fault served from the start.
    FaultSpec initial{};
    /// >= 0: the fault applies to that many connections, then the lab turns healthy
    /// (a fault that clears). PortClosed accepts nothing, so it never counts down.
    int fault_connections = -1;
};

/// One lab instance. xrdp is started by the constructor and runs as the child of the thread
/// that constructed the lab (it is also killed if that thread goes away), so construct it on
/// a thread that outlives it.
class Lab {
  public:
    /// Throws std::runtime_error when something needed is missing or fails to start.
    explicit Lab(LabOptions options = {});
    /// Stops every thread, kills xrdp and removes the temporary directory. Bounded in time.
    ~Lab();
    Lab(const Lab&) = delete;
    Lab& operator=(const Lab&) = delete;
    Lab(Lab&&) = delete;
    Lab& operator=(Lab&&) = delete;

    /// The front port clients connect to, on 127.0.0.1. It stays the same for the lab's life.
    std::uint16_t port() const;

    /// Thread-safe; takes effect for the next connection accepted. Switching to or from
    /// PortClosed closes or re-binds the listener before returning. Throws
    /// std::invalid_argument for a NegoFailure code outside 1..6 and std::runtime_error when
    /// the port cannot be bound again.
    void set_fault(FaultSpec spec, int fault_connections = -1);
    FaultSpec fault() const;

    /// The name the healthy certificate is issued for: LabOptions::server_name.
    std::string certificate_host() const;
    /// PEM file of the lab's CA; gone once the lab is destroyed.
    std::filesystem::path ca_certificate() const;
    /// PEM file of the certificate the healthy xrdp presents (the self-signed one with
    /// LabOptions::xrdp_self_signed); gone once the lab is destroyed.
    std::filesystem::path server_certificate() const;

    struct Connection {
        std::chrono::steady_clock::time_point accepted;
        /// Set when the lab closed the connection before the peer had (as far as it can tell).
        std::optional<std::chrono::steady_clock::time_point> closed_by_lab;
        FaultSpec served;
        /// The X.224 Connection Request as the client sent it (TPKT header included), for the
        /// faults that read one and the healthy relay: the routing token or cookie in it shows
        /// what the client was told (an .rdp file's loadbalanceinfo). Empty until it arrived.
        std::string connection_request;
    };
    /// Every connection accepted so far, in order.
    std::vector<Connection> connections() const;
    std::size_t connection_count() const;

    /// The port of the lab's own xrdp (only the lab should connect to it).
    std::uint16_t xrdp_port() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// An Xvfb for tests that run xfreerdp: starts `Xvfb -displayfd FD -nolisten tcp` (the server
/// picks a free display) and stops it in the destructor. Throws std::runtime_error when Xvfb
/// is missing or does not come up.
class VirtualDisplay {
  public:
    VirtualDisplay();
    ~VirtualDisplay();
    VirtualDisplay(const VirtualDisplay&) = delete;
    VirtualDisplay& operator=(const VirtualDisplay&) = delete;
    VirtualDisplay(VirtualDisplay&&) = delete;
    VirtualDisplay& operator=(VirtualDisplay&&) = delete;

    /// ":N", ready for DISPLAY.
    std::string name() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace rdpmedic::lab
