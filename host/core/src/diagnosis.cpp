#include "rdpmedic/core/diagnosis.h"

#include "rdpmedic/i18n/translate.h"

#include <algorithm>
#include <array>

namespace rdpmedic {

namespace {

struct Rule {
    std::string_view finding;
    std::string_view cause;
    std::string_view fix;
};

// The server-side registry values are the ones shared/reference/rdp-facts.md checked:
// WinStations\RDP-Tcp SecurityLayer (0 RDP, 1 negotiate, 2 TLS) and UserAuthentication (NLA).
constexpr std::array kRules{
    Rule{"gateway.unresolvable", "gateway-unreachable",
         N_("The RD Gateway's name does not resolve. Check its spelling in the .rdp file "
         "(gatewayhostname) or the client's gateway settings, and whether this machine's DNS "
         "server answers for it (nslookup NAME); a VPN may be needed for an internal name.")},
    Rule{"gateway.unreachable", "gateway-unreachable",
         N_("Nothing accepts connections on the RD Gateway's port (443 unless the settings say "
         "otherwise), or there is no route to it. Check the gateway's name and port, this "
         "machine's network and VPN, and that the gateway's firewall and IIS site are up.")},
    Rule{"gateway.timeout", "gateway-unreachable",
         N_("The RD Gateway does not answer in time (the evidence says at which step): a firewall "
         "drops the traffic, a proxy holds it, or the gateway is overloaded. Check every firewall "
         "and proxy between here and the gateway for HTTPS to it, and the gateway's event log "
         "(Microsoft-Windows-TerminalServices-Gateway).")},
    Rule{"gateway.tls", "gateway-tls-failing",
         N_("The TLS handshake with the RD Gateway fails: its certificate binding in IIS is missing or "
         "broken, it only speaks protocols this client refuses, or something in between "
         "interferes. In RD Gateway Manager check the SSL certificate, and any TLS-inspecting proxy.")},
    Rule{"gateway.cert-expired", "gateway-certificate",
         N_("The RD Gateway's certificate has expired: mstsc refuses the gateway (\"the RD Gateway "
         "server's certificate has expired or has been revoked\"). Renew it and import the new one "
         "in RD Gateway Manager (Properties, SSL Certificate).")},
    Rule{"gateway.cert-not-yet-valid", "gateway-certificate",
         N_("The RD Gateway's certificate is not valid yet: this machine's or the gateway's clock is "
         "wrong, or the certificate carries a future date. Check both clocks, then reissue it.")},
    Rule{"gateway.cert-name-mismatch", "gateway-certificate",
         N_("The RD Gateway's certificate does not carry the gateway's name as the client is given it. "
         "Use the name the certificate carries (see the evidence) in gatewayhostname, or give the "
         "gateway a certificate whose subject alternative names include this name.")},
    Rule{"gateway.cert-self-signed", "gateway-certificate",
         N_("The RD Gateway presents a self-signed certificate: mstsc refuses it (\"the RD Gateway "
         "server is presenting a certificate that the client does not trust\") and, unlike an RDP "
         "server's, offers no way past it. Give the gateway a certificate from a CA the clients "
         "trust, or install this certificate in the clients' Trusted Root store.")},
    Rule{"gateway.cert-untrusted", "gateway-certificate",
         N_("The RD Gateway's certificate does not chain to a CA this machine trusts: mstsc refuses "
         "the gateway. Install the issuing CA (and any intermediate) on this machine, or give the "
         "gateway a certificate from a public CA; check the chain it sends in RD Gateway Manager.")},
    Rule{"gateway.cert-weak-key", "gateway-certificate",
         N_("The RD Gateway's certificate uses a weak key or signature. Replace it with a 2048-bit "
         "(or larger) RSA or an ECDSA certificate signed with SHA-256 or better.")},
    Rule{"gateway.cert-unreadable", "gateway-certificate",
         N_("The RD Gateway's certificate could not be parsed. Replace it in RD Gateway Manager.")},
    Rule{"gateway.not-a-gateway", "not-a-gateway",
         N_("What answers on the gateway's address and port is not an RD Gateway (see the evidence: a "
         "web server's 404, something that does not speak HTTP). Check the gateway name and port "
         "in the .rdp file or the client's settings; on the gateway check that the Remote Desktop "
         "Gateway role is installed and its IIS site holds /remoteDesktopGateway/.")},
    Rule{"gateway.http-transport-refused", "gateway-http-transport-refused",
         N_("The RD Gateway refuses the HTTP transport but answers RPC over HTTP: its HTTP transport "
         "is turned off, or a proxy or load balancer in front of it blocks the RDG_OUT_DATA and "
         "RDG_IN_DATA methods. Use RPC over HTTP (rdpmedic's gateway-transport strategy: "
         "RDGClientTransport = 1 for mstsc, /gt:rpc for FreeRDP), and have the administrator allow "
         "the RDG_* methods on the proxy or turn the HTTP transport back on.")},
    Rule{"gateway.handshake-failed", "gateway-refusing",
         N_("The RD Gateway takes the HTTP transport's requests but its handshake fails (see the "
         "evidence). Check the gateway's event log (Microsoft-Windows-TerminalServices-Gateway) "
         "and its connection authorization policies; RPC over HTTP (the gateway-transport "
         "strategy) may still work.")},
    Rule{"gateway.auth-required", "behind-gateway",
         N_("The RD Gateway answers as one and asks for credentials, as it should. The server behind "
         "it cannot be probed from here: if the connection still fails, check the gateway "
         "credentials, the gateway's connection and resource authorization policies (CAP, RAP) "
         "and its event log, then the server itself from inside its network.")},
    Rule{"gateway.ok-unauthenticated", "behind-gateway",
         N_("The RD Gateway answers its transport's handshake. The server behind it cannot be probed "
         "from here: if the connection still fails, check the gateway's resource authorization "
         "policy (RAP) for this server and its event log, then the server from inside its network.")},
    Rule{"dns.unresolvable", "dns-failing",
         N_("The name does not resolve. Check its spelling, then whether this machine's DNS server "
            "answers for it (nslookup NAME); connect by IP address meanwhile. If it resolves "
            "elsewhere, "
            "flush the DNS cache here (ipconfig /flushdns on Windows).")},
    Rule{"dns.inconsistent", "dns-stale",
         N_("Two lookups of the same name gave different addresses: a DNS record is changing or "
            "stale. "
            "Flush the DNS cache here (ipconfig /flushdns on Windows), and ask the DNS "
            "administrator "
            "to remove old records for the host.")},
    Rule{"dns.stale-cache", "dns-stale",
         N_("This machine's cached answer for the name is not what its DNS server says now: the "
            "record "
            "changed and the cache still holds the old address. Flush the DNS cache (ipconfig "
            "/flushdns "
            "on Windows; resolvectl flush-caches or nscd --invalidate=hosts on Linux).")},
    Rule{"tcp.refused", "port-blocked-or-host-down",
         N_("Nothing accepts connections on that port. On the server: check that Remote Desktop is "
            "enabled, the service (TermService, or xrdp) is running and listens on this port, and "
            "that "
            "its firewall allows it. Check the port number here.")},
    Rule{"tcp.timeout", "port-blocked-or-host-down",
         N_("Connection attempts got no answer: the host is down or a firewall drops the traffic. "
            "Check that the host is up, and that every firewall between here and the server allows "
            "TCP to this port; a VPN may be needed.")},
    Rule{"tcp.unreachable", "port-blocked-or-host-down",
         N_("The network says the host cannot be reached: no route from here. Check this machine's "
            "network connection and VPN, then the route to the server.")},
    Rule{"tcp.partial", "port-blocked-or-host-down",
         N_("Some of the host's addresses accept connections and others do not: one of the servers "
            "behind the name is down, or a stale DNS record points at a machine that is gone. "
            "Connect to an address that works (see the evidence) and fix or remove the others.")},
    Rule{"tcp.ipv6-only", "ipv4-ipv6-mismatch",
         N_("The name has only IPv6 addresses. Make sure this machine and the network have working "
            "IPv6, or ask the DNS administrator for an A (IPv4) record for the host.")},
    Rule{"tcp.family-mismatch", "ipv4-ipv6-mismatch",
         N_("The server answers on one address family but not the other. Connect using an address "
            "that works (see the evidence), and on the server make Remote Desktop listen on both "
            "IPv4 "
            "and IPv6 or remove the DNS record of the family that does not work.")},
    Rule{"x224.closed", "server-refusing-connections",
         N_("The server accepted the connection and closed it without answering: it refuses RDP "
            "connections (mstsc reports 0x904 / extended 0x7). On the server: check the session "
            "limit (MaxOutstandingConnections, licensed sessions), that the Remote Desktop service "
            "is healthy (restart it), and whether a gateway or IP filter rejects this client.")},
    Rule{"x224.timeout", "server-refusing-connections",
         N_("The server accepted the connection but never answered the RDP request: it is "
            "overloaded "
            "or hung, or something other than an RDP server holds the port. Restart the Remote "
            "Desktop service on the server and check its event log.")},
    Rule{
        "x224.not-rdp", "not-an-rdp-server",
        N_("What answers on this port does not speak RDP. Check the port number, and on the server "
           "which program listens on it.")},
    Rule{"x224.ssl-required", "security-layer-mismatch",
         N_("The server requires TLS but refused the client's offer. Let the client use TLS "
            "(FreeRDP: /sec:tls), or on the server set SecurityLayer to 1 (negotiate) under "
            "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp.")},
    Rule{
        "x224.ssl-not-allowed", "security-layer-mismatch",
        N_("The server only allows standard RDP security, not TLS. On the server set SecurityLayer "
           "to 1 (negotiate) or 2 (TLS) under HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal "
           "Server\\WinStations\\RDP-Tcp (xrdp: security_layer=negotiate); meanwhile the client "
           "can "
           "use RDP security (FreeRDP: /sec:rdp).")},
    Rule{"x224.ssl-cert-not-on-server", "server-certificate-missing",
         N_("The server wants TLS but has no certificate to use. On the server: install a "
            "certificate "
            "for Remote Desktop (or delete the broken one in the 'Remote Desktop' certificate "
            "store so "
            "it is regenerated) and restart the Remote Desktop service.")},
    Rule{"x224.inconsistent-flags", "security-layer-mismatch",
         N_("The server found the client's security request inconsistent. Reset the client's "
            "security "
            "options to their defaults (FreeRDP: drop /sec: switches).")},
    Rule{"x224.hybrid-required", "security-layer-mismatch",
         N_("The server requires Network Level Authentication (NLA/CredSSP). Enable NLA in the "
            "client "
            "(FreeRDP: /sec:nla, with a user name and password), or on the server set "
            "UserAuthentication to 0 under HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal "
            "Server\\WinStations\\RDP-Tcp.")},
    Rule{"x224.ssl-with-user-auth-required", "security-layer-mismatch",
         N_("The server requires TLS with user authentication. Enable NLA and TLS in the client "
            "(FreeRDP: /sec:nla), or relax the server's security policy.")},
    Rule{"x224.unknown-failure", "security-layer-mismatch",
         N_("The server rejected the security negotiation with a code outside the documented ones. "
            "Check the server's event log for the reason.")},
    Rule{"x224.legacy-only", "security-layer-mismatch",
         N_("The server only offers standard RDP security (no TLS, no NLA): a very old server or "
            "SecurityLayer=0. Clients that require TLS refuse it. On the server set SecurityLayer "
            "to "
            "1 (negotiate) or 2 (TLS); meanwhile FreeRDP can connect with /sec:rdp.")},
    Rule{
        "tls.version-mismatch", "tls-mismatch",
        N_("The server only speaks a TLS version this client no longer accepts. On the server "
           "enable "
           "TLS 1.2 (Windows: install the TLS 1.2 updates and enable it under SCHANNEL\\Protocols; "
           "xrdp: ssl_protocols=TLSv1.2, TLSv1.3). As a stopgap the client may lower its security "
           "level (FreeRDP: /tls-seclevel:0).")},
    Rule{"tls.weak-server", "tls-mismatch",
         N_("The server's TLS setup (cipher, key or signature) is too weak for this client's "
            "default "
            "security level. On the server use a 2048-bit RSA or an ECDSA certificate and modern "
            "ciphers; as a stopgap the client may lower its level (FreeRDP: /tls-seclevel:0).")},
    Rule{"tls.handshake-failed", "tls-mismatch",
         N_("The TLS handshake failed even with lenient settings: the server's TLS stack is broken "
            "or "
            "something in between interferes. Check the server's certificate configuration and "
            "event "
            "log, and any TLS-inspecting proxy.")},
    Rule{"path.mtu-blackhole", "path-mtu-black-hole",
         N_("Packets of full size do not get through to this machine and the network does not say "
            "so "
            "(ICMP 'fragmentation needed' is dropped): typical of a VPN or tunnel. Lower the MTU "
            "of the "
            "interface that carries the route to the path MTU in the evidence (Linux: ip link set "
            "DEV "
            "mtu N; Windows: netsh interface ipv4 set subinterface IDX mtu=N store=active; "
            "rdpmedic's "
            "mtu-clamp strategy does this and undoes it), and have the network's administrator let "
            "ICMP 'fragmentation needed' through or clamp the TCP MSS on the tunnel.")},
    Rule{"cert.expired", "certificate-expired",
         N_("The server's certificate has expired. On the server: renew it (Windows: delete the "
            "expired certificate in the computer's 'Remote Desktop' store and restart the Remote "
            "Desktop service to regenerate a self-signed one, or deploy a new one from your CA; "
            "xrdp: "
            "replace the files named by certificate= and key_file= and restart xrdp).")},
    Rule{"cert.not-yet-valid", "certificate-expired",
         N_("The server's certificate is not valid yet: the server's or this machine's clock is "
            "wrong, or the certificate was issued with a future date. Check both clocks, then "
            "reissue the certificate if needed.")},
    Rule{
        "cert.name-mismatch", "certificate-name-mismatch",
        N_("The certificate does not carry the name you connect to. Connect with a name it carries "
           "(see the evidence), or on the server install a certificate whose subject alternative "
           "names include this name.")},
    Rule{"cert.self-signed", "certificate-untrusted",
         N_("The server uses a self-signed certificate, as every Windows PC does by default; no CA "
            "can vouch for it. Compare its SHA-256 fingerprint with the server's administrator (or "
            "on the server), then accept it once: rdpmedic asks on connect, or run "
            "rdpmedic-cli connect HOST --accept-certificate FINGERPRINT. A company server can "
            "instead "
            "get a certificate from the organisation's CA.")},
    Rule{"cert.untrusted", "certificate-untrusted",
         N_("The certificate does not chain to a CA this machine trusts. Install the issuing CA "
            "here "
            "(as an administrator would deploy a company CA), or have the server use a certificate "
            "from a trusted CA.")},
    Rule{"cert.weak-key", "certificate-weak",
         N_("The certificate's key or signature algorithm is below current security levels. On the "
            "server replace it with a 2048-bit (or larger) RSA or an ECDSA certificate signed with "
            "SHA-256 or better.")},
    Rule{"cert.unreadable", "certificate-untrusted",
         N_("The server's certificate could not be parsed. Replace it on the server.")},
    Rule{"nla.clock-skew", "clock-skew",
         N_("The server's clock and this machine's differ by more than 5 minutes (see the "
            "evidence): Kerberos refuses tickets past that, so NLA sign-in with a domain account "
            "fails (mstsc says there is a time or date difference), and certificates can look "
            "expired or not yet valid. Set both clocks right, time zone included: on Windows "
            "w32tm /resync (a domain member takes its time from a domain controller: check that "
            "the Windows Time service runs there), on Linux timedatectl and chrony or "
            "systemd-timesyncd. A local account signing in with NTLM may still get through.")},
    Rule{
        "nla.no-challenge", "nla-failing",
        N_("The server did not answer the start of NLA (CredSSP) with an NTLM challenge: it "
           "closed the connection, sent an error code or something else (see the evidence). "
           "Clients that sign in with NTLM (local accounts, machines outside the domain, FreeRDP) "
           "fail there. On the server check the event log (System, and "
           "Microsoft-Windows-TerminalServices-RemoteConnectionManager), the policy 'Network "
           "security: Restrict NTLM: Incoming NTLM traffic', and the Remote Desktop certificate.")},
    Rule{"nla.name-mismatch", "server-name-mismatch",
         N_("The machine that answers calls itself by a name that is neither the one you dialled "
            "nor one in its certificate: a DNS record, a port forward or a NAT rule may lead to "
            "another machine than the one you mean, or the name is an alias. Check with the "
            "server's administrator that its name (see the evidence) is the machine you want. "
            "With Kerberos, an alias needs its own service name on the server's account "
            "(setspn -S TERMSRV/ALIAS SERVER), or sign-in falls back to NTLM or fails.")},
};

constexpr std::array<std::pair<std::string_view, std::string_view>, 25> kCauses{{
    {"none", N_("no problem found: the server answers RDP correctly from here")},
    {"dns-failing", N_("the host name does not resolve")},
    {"dns-stale", N_("DNS gives changing or stale answers for the host")},
    {"port-blocked-or-host-down", N_("the port is blocked or the host is down")},
    {"ipv4-ipv6-mismatch", N_("the server is reachable over one of IPv4/IPv6 only")},
    {"server-refusing-connections",
     N_("the server accepts TCP but refuses or ignores RDP connections")},
    {"not-an-rdp-server", N_("what listens on the port is not an RDP server")},
    {"security-layer-mismatch",
     N_("client and server do not agree on a security layer (RDP/TLS/NLA)")},
    {"server-certificate-missing", N_("the server has no certificate for TLS")},
    {"tls-mismatch", N_("client and server cannot agree on TLS (version or cipher)")},
    {"path-mtu-black-hole",
     N_("large packets from the server are lost on the way (path-MTU black hole)")},
    {"certificate-expired", N_("the server's certificate is expired or not yet valid")},
    {"certificate-name-mismatch", N_("the server's certificate is for another name")},
    {"certificate-untrusted", N_("the server's certificate is not trusted")},
    {"certificate-weak", N_("the server's certificate uses a weak key or signature")},
    {"clock-skew", N_("the server's clock and this machine's differ by more than 5 minutes")},
    {"nla-failing", N_("the server does not answer the start of NLA (CredSSP)")},
    {"server-name-mismatch", N_("the machine that answers calls itself by another name")},
    {"gateway-unreachable", N_("the RD Gateway cannot be reached")},
    {"gateway-tls-failing", N_("the TLS handshake with the RD Gateway fails")},
    {"gateway-certificate", N_("the RD Gateway's certificate is not one the client accepts")},
    {"not-a-gateway", N_("what answers at the gateway's address is not an RD Gateway")},
    {"gateway-http-transport-refused", N_("the RD Gateway refuses the HTTP transport but serves RPC over HTTP")},
    {"gateway-refusing", N_("the RD Gateway accepts the connection but its handshake fails")},
    {"behind-gateway", N_("the RD Gateway answers; the server behind it cannot be probed from here")},
}};

const Rule* rule_for(std::string_view id) {
    const auto it =
        std::find_if(kRules.begin(), kRules.end(), [&](const Rule& r) { return r.finding == id; });
    return it == kRules.end() ? nullptr : &*it;
}

} // namespace

std::string_view to_id(Severity severity) {
    switch (severity) {
    case Severity::Info:
        return "info";
    case Severity::Warning:
        return "warning";
    case Severity::Error:
        return "error";
    }
    return "info";
}

std::optional<Severity> severity_from_id(std::string_view id) {
    for (const Severity s : {Severity::Info, Severity::Warning, Severity::Error}) {
        if (to_id(s) == id) {
            return s;
        }
    }
    return std::nullopt;
}

std::string_view to_id(LayerStatus status) {
    switch (status) {
    case LayerStatus::Ok:
        return "ok";
    case LayerStatus::Fail:
        return "fail";
    case LayerStatus::Skipped:
        return "skipped";
    }
    return "skipped";
}

std::optional<LayerStatus> layer_status_from_id(std::string_view id) {
    for (const LayerStatus s : {LayerStatus::Ok, LayerStatus::Fail, LayerStatus::Skipped}) {
        if (to_id(s) == id) {
            return s;
        }
    }
    return std::nullopt;
}

const Finding* Diagnosis::find(std::string_view id) const {
    const auto it = std::find_if(findings.begin(), findings.end(),
                                 [&](const Finding& f) { return f.id == id; });
    return it == findings.end() ? nullptr : &*it;
}

const Layer* Diagnosis::layer(std::string_view name) const {
    const auto it =
        std::find_if(layers.begin(), layers.end(), [&](const Layer& l) { return l.name == name; });
    return it == layers.end() ? nullptr : &*it;
}

bool Diagnosis::has_errors() const {
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding& f) { return f.severity == Severity::Error; });
}

Verdict decide_verdict(const std::vector<Finding>& findings) {
    // Info last: only the gateway's healthy answers have a rule there, so that a diagnosis
    // through a gateway never claims the unprobed server behind it is fine.
    for (const Severity wanted : {Severity::Error, Severity::Warning, Severity::Info}) {
        for (const Finding& finding : findings) {
            if (finding.severity != wanted) {
                continue;
            }
            if (const Rule* rule = rule_for(finding.id)) {
                return {std::string(rule->cause), std::string(rule->fix)};
            }
        }
    }
    return {"none",
            N_("Nothing is wrong on the network path from here. If the client still fails, "
               "the cause lies after the security handshake: credentials, licensing or the "
               "server's session limits; see the client's error and the server's event log.")};
}

DiagnoseOptions diagnose_options(const ConnectRequest& request, DiagnoseOptions base) {
    if (request.gateway && !base.gateway) {
        try {
            base.gateway = parse_target(*request.gateway, kGatewayPort);
        } catch (const TargetError&) {
            // The client gets the same text and reports it; the probe has nothing to dial.
        }
    }
    return base;
}

std::string_view describe_cause(std::string_view cause) {
    for (const auto& [id, text] : kCauses) {
        if (id == cause) {
            return text;
        }
    }
    return cause;
}

} // namespace rdpmedic
