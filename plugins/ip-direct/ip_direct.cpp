// When the name leads the client astray (the address it picks does not answer while another
// does, or two lookups disagree) connect to the address the probe reached, for this
// connection only. The name stays the one the certificate is checked against
// (/cert:name:NAME), so nothing about certificate checking is weakened.
#include "address_choice.h"

#include <rdpmedic/plugin.hpp>

#include <string>

namespace {

ip_direct::Choice choice_for(const rdpmedic::sdk::Host& host) {
    return ip_direct::choose(ip_direct::read_reachability(host.diagnosis_json()), host.target_host(),
                             host.client_name(), host.client_arguments(),
                             host.has_finding("tcp.partial") || host.has_finding("tcp.family-mismatch"),
                             host.has_finding("dns.inconsistent"));
}

class IpDirect {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host) {
        const auto choice = choice_for(host);
        return {choice.score, choice.reason};
    }

    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        const std::string name = host.target_host();
        const auto choice = choice_for(host);
        if (choice.address.empty()) {
            host.log(RDPMEDIC_LOG_INFO, "not applicable: " + choice.reason);
            return RDPMEDIC_NOT_APPLICABLE;
        }
        const std::string target = (ip_direct::is_ipv6(choice.address) ? "[" + choice.address + "]" : choice.address) +
                                   ":" + std::to_string(host.target_port());
        // FreeRDP can check the certificate against another name than the one it connects to;
        // other clients check it against the address and warn about the mismatch.
        const bool keeps_name = ip_direct::is_freerdp(host.client_name());
        host.log(RDPMEDIC_LOG_INFO, "connecting to " + target + " instead of " + name +
                                        " for this connection; by address, Kerberos cannot be used and Windows "
                                        "falls back to NTLM; " +
                                        (keeps_name ? "the certificate must still carry " + name
                                                    : "expect a warning that the certificate is not issued for " +
                                                          choice.address));
        if (!host.use_target_address(target)) {
            return RDPMEDIC_FAILED;
        }
        return !keeps_name || host.add_client_argument("/cert:name:" + name) ? RDPMEDIC_OK : RDPMEDIC_FAILED;
    }
};

} // namespace

RDPMEDIC_PLUGIN(IpDirect, "rdpmedic.ip-direct", "Connect by IP address",
                "Connects to the address the probe found reachable, keeping the name for the certificate check",
                "1.0.0", RDPMEDIC_PLATFORM_LINUX | RDPMEDIC_PLATFORM_WINDOWS, RDPMEDIC_FLAG_REVERSIBLE)
