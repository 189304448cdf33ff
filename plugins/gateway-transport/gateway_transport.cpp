// A connection through an RD Gateway travels inside the gateway's HTTP transport (mstsc adds a
// UDP side channel). Where something between client and gateway (a proxy, a load balancer, a
// filtering firewall) breaks that transport, the connection drops, and the older RPC over HTTP
// transport, on the same HTTPS port, still gets through.
// - mstsc: HKCU\Software\Microsoft\Terminal Server Client, DWORD RDGClientTransport = 1. The
//   user's own key: no administrator rights, every gateway connection of this user, journaled,
//   and undo restores the prior value or its absence.
// - FreeRDP 2.11: it tries HTTP first and falls back to RPC only when the gateway answers that
//   it has no HTTP transport; /gt:rpc makes it use RPC over HTTP for this connection only.
// Without a gateway there is nothing to change, and the strategy says so. The probe's gateway.*
// findings rank it: first when the gateway refuses the HTTP transport but serves RPC over HTTP,
// nothing when the gateway is out of reach or its certificate is refused (RPC meets the same).
#include <rdpmedic/plugin.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <string>

namespace {

constexpr const char* kClientKey = "HKCU\\Software\\Microsoft\\Terminal Server Client";
constexpr const char* kTransportValue = "RDGClientTransport";
constexpr const char* kRpcArgument = "/gt:rpc";

enum class Remedy { None, Registry, Argument };

struct Decision {
    Remedy remedy = Remedy::None;
    std::string reason;
};

/// mstsc and msrdc read the registry value; FreeRDP front-ends take /gt:. An unnamed client is
/// the platform's own: mstsc on Windows, xfreerdp on Linux.
Remedy remedy_for(const std::string& client) {
    if (client == "mstsc" || client == "msrdc") {
        return Remedy::Registry;
    }
    if (client.find("freerdp") != std::string::npos) {
        return Remedy::Argument;
    }
    if (client.empty()) {
#if defined(_WIN32)
        return Remedy::Registry;
#else
        return Remedy::Argument;
#endif
    }
    return Remedy::None;
}

/// The connection's last /gt: choice is RPC (FreeRDP takes the last of repeated options).
bool already_rpc(const std::vector<std::string>& arguments) {
    const auto last = std::find_if(arguments.rbegin(), arguments.rend(),
                                   [](const std::string& argument) { return argument.rfind("/gt:", 0) == 0; });
    return last != arguments.rend() && *last == kRpcArgument;
}

/// Whether the fix can be made for this connection at all, and how.
Decision applicability(const rdpmedic::sdk::Host& host) {
    const std::string gateway = host.gateway();
    if (gateway.empty()) {
        return {Remedy::None, "not applicable: the connection does not go through an RD Gateway"};
    }
    const std::string client = host.client_name();
    const Remedy remedy = remedy_for(client);
    if (remedy == Remedy::None) {
        return {Remedy::None, "not applicable: " + client + " has no gateway transport setting rdpmedic can change"};
    }
    if (remedy == Remedy::Argument && already_rpc(host.client_arguments())) {
        return {Remedy::None, "not applicable: the connection already uses RPC over HTTP (/gt:rpc)"};
    }
    return {remedy, remedy == Remedy::Registry
                        ? "the RD Gateway " + gateway + " may be breaking the HTTP transport: use RPC over HTTP ("
                              "RDGClientTransport = 1: every gateway connection of this user, no administrator "
                              "rights, undoable)"
                        : "the RD Gateway " + gateway + " may be breaking the HTTP transport: use RPC over HTTP "
                              "(/gt:rpc, this connection only)"};
}

/// Failures a broken gateway transport shows up as: the connection opened, then dropped or
/// went silent. A refused port, a DNS error or a certificate is the same over RPC.
bool transport_failure(const std::string& kind) {
    static const std::array<const char*, 3> kinds = {"socket-closed", "timeout", "unknown"};
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

/// What the probe of the gateway itself said (gateway.* findings): a score and why, or nothing
/// when it did not probe the gateway.
struct GatewayEvidence {
    int score = 0;
    std::string reason;
};

std::optional<GatewayEvidence> from_gateway_findings(const rdpmedic::sdk::Host& host) {
    if (host.has_finding("gateway.http-transport-refused")) {
        return GatewayEvidence{90, "the RD Gateway refuses the HTTP transport but serves RPC over HTTP"};
    }
    if (host.has_finding("gateway.handshake-failed")) {
        return GatewayEvidence{60, "the RD Gateway's HTTP transport handshake fails; RPC over HTTP may not"};
    }
    // Both transports share the port, the TLS handshake and the certificate: a gateway that is
    // out of reach there, or is no gateway at all, fails RPC over HTTP the same way.
    static const std::array<const char*, 5> same_either_way = {
        "gateway.unresolvable", "gateway.unreachable", "gateway.timeout", "gateway.tls", "gateway.not-a-gateway"};
    for (const char* id : same_either_way) {
        if (host.has_finding(id)) {
            return GatewayEvidence{0, std::string("not the transport: ") + id + " fails RPC over HTTP the same way"};
        }
    }
    for (const char* id : {"gateway.cert-expired", "gateway.cert-not-yet-valid", "gateway.cert-name-mismatch",
                           "gateway.cert-self-signed", "gateway.cert-untrusted"}) {
        if (host.has_finding(id)) {
            return GatewayEvidence{0, std::string("not the transport: the gateway's certificate (") + id +
                                          ") is refused over RPC too"};
        }
    }
    return std::nullopt;
}

class GatewayTransport {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host) {
        const Decision decision = applicability(host);
        if (decision.remedy == Remedy::None) {
            return {0, decision.reason};
        }
        if (const auto evidence = from_gateway_findings(host)) {
            return {evidence->score, evidence->score == 0 ? evidence->reason : evidence->reason + ": " + decision.reason};
        }
        const std::string kind = host.failure_kind();
        if (!transport_failure(kind)) {
            return {0, "a " + (kind.empty() ? std::string("missing") : kind) +
                           " failure is not one the gateway transport explains"};
        }
        // The gateway answers its transport as it should (or was not probed): the transport may
        // still break later on the way, a moderate score that a diagnosis-backed fix outranks.
        return {45, decision.reason};
    }

    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        const Decision decision = applicability(host);
        switch (decision.remedy) {
        case Remedy::None:
            host.log(RDPMEDIC_LOG_INFO, decision.reason);
            return RDPMEDIC_NOT_APPLICABLE;
        case Remedy::Registry:
            host.log(RDPMEDIC_LOG_INFO, std::string("setting ") + kTransportValue +
                                            " = 1 for this user (RPC over HTTP through the RD Gateway); undo "
                                            "restores the previous value or its absence");
            return host.set_registry_dword(kClientKey, kTransportValue, 1) ? RDPMEDIC_OK : RDPMEDIC_FAILED;
        case Remedy::Argument:
            host.log(RDPMEDIC_LOG_INFO, "RPC over HTTP through the RD Gateway for this connection (/gt:rpc)");
            return host.add_client_argument(kRpcArgument) ? RDPMEDIC_OK : RDPMEDIC_FAILED;
        }
        return RDPMEDIC_FAILED;
    }
};

} // namespace

RDPMEDIC_PLUGIN(GatewayTransport, "rdpmedic.gateway-transport", "RD Gateway over RPC",
                "Connections through an RD Gateway: RPC over HTTP instead of the HTTP transport (mstsc: "
                "RDGClientTransport for this user; FreeRDP: /gt:rpc for this connection)",
                "1.0.0", RDPMEDIC_PLATFORM_LINUX | RDPMEDIC_PLATFORM_WINDOWS, RDPMEDIC_FLAG_REVERSIBLE)
