// When the server's RDP_NEG_FAILURE says which security layer it insists on, ask the client
// for exactly that layer on the next attempt: a typed per-connection override (ABI 1.3) that the
// host spells for the client in use, nothing system-wide. Both layers turn NLA off, so the host
// asks the user first; the note is what they read.
#include <rdpmedic/plugin.hpp>

namespace {

class SecurityLayer {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host) {
        if (host.has_finding("x224.ssl-required")) {
            return {90, "the server requires TLS: connect with /sec:tls"};
        }
        if (host.has_finding("x224.ssl-not-allowed") || host.has_finding("x224.legacy-only")) {
            return {60, "the server offers standard RDP security only: connect with /sec:rdp"};
        }
        return {0, "the server did not refuse a security layer"};
    }

    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        const std::string layer = host.has_finding("x224.ssl-required") ? "tls" : "rdp";
        host.log(RDPMEDIC_LOG_INFO, "asking the client for the security layer " + layer);
        return host.set_security_layer(layer, "the server refuses the other layers; the lasting fix is on the server")
                   ? RDPMEDIC_OK
                   : RDPMEDIC_FAILED;
    }
};

} // namespace

RDPMEDIC_PLUGIN(SecurityLayer, "example.security-layer", "Match the server's security layer",
                "Asks the client for the security layer the server insists on", "1.0.0",
                RDPMEDIC_PLATFORM_LINUX, RDPMEDIC_FLAG_REVERSIBLE)
