// When the server's RDP_NEG_FAILURE says which security layer it insists on, ask the client
// for exactly that layer on the next attempt: a per-connection override, nothing system-wide.
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
        const char* argument = host.has_finding("x224.ssl-required") ? "/sec:tls" : "/sec:rdp";
        host.log(RDPMEDIC_LOG_INFO, std::string("asking the client for ") + argument);
        return host.add_client_argument(argument) ? RDPMEDIC_OK : RDPMEDIC_FAILED;
    }
};

} // namespace

RDPMEDIC_PLUGIN(SecurityLayer, "example.security-layer", "Match the server's security layer",
                "Asks the client for the security layer the server insists on", "1.0.0",
                RDPMEDIC_PLATFORM_LINUX, RDPMEDIC_FLAG_REVERSIBLE)
