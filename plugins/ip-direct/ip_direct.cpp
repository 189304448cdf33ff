// When the name leads the client astray (some of its addresses do not answer, the families
// disagree, or two lookups disagree) connect to the address the probe reached, for this
// connection only. The name stays the one the certificate is checked against
// (/cert:name:NAME), so nothing about certificate checking is weakened.
#include <rdpmedic/plugin.hpp>
#include <rdpmedic/plugin_json.hpp>

#include <string>

namespace {

using rdpmedic::sdk::json::member;
using rdpmedic::sdk::json::text_of;

bool is_literal(const std::string& host) {
    return host.find_first_not_of("0123456789.") == std::string::npos || host.find(':') != std::string::npos;
}

/// The address the probe connected to: the tcp layer's "used", else the first that was open.
std::string reachable_address(const rdpmedic::sdk::Host& host) {
    const auto diagnosis = nlohmann::json::parse(host.diagnosis_json(), nullptr, false);
    if (!diagnosis.is_object()) {
        return {};
    }
    for (const auto& layer : member(diagnosis, "layers", nlohmann::json::array())) {
        if (!layer.is_object() || text_of(layer, "name") != "tcp") {
            continue;
        }
        const auto detail = member(layer, "detail", nlohmann::json::object());
        if (!detail.is_object()) {
            return {};
        }
        const auto used = detail.find("used");
        if (used != detail.end() && used->is_string() && !used->get<std::string>().empty()) {
            return used->get<std::string>();
        }
        for (const auto& [address, outcome] : detail.items()) {
            if (outcome.is_string() && outcome.get<std::string>().rfind("open", 0) == 0) {
                return address;
            }
        }
    }
    return {};
}

class IpDirect {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host) {
        if (is_literal(host.target_host())) {
            return {0, "already connecting by address"};
        }
        const bool partial = host.has_finding("tcp.partial") || host.has_finding("tcp.family-mismatch");
        const bool stale = host.has_finding("dns.inconsistent");
        if (!partial && !stale) {
            return {0, "every address of the name behaves the same"};
        }
        const std::string address = reachable_address(host);
        if (address.empty()) {
            return {0, "the probe reached no address of the name"};
        }
        return {partial ? 65 : 45, "connect to " + address + ", the address that answered, for this connection; "
                                   "the certificate is still checked against " + host.target_host()};
    }

    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        const std::string name = host.target_host();
        const std::string address = reachable_address(host);
        if (is_literal(name) || address.empty()) {
            host.log(RDPMEDIC_LOG_INFO, "not applicable: no reachable address other than the one given");
            return RDPMEDIC_NOT_APPLICABLE;
        }
        const std::string target = (address.find(':') != std::string::npos ? "[" + address + "]" : address) + ":" +
                                   std::to_string(host.target_port());
        host.log(RDPMEDIC_LOG_INFO, "connecting to " + target + " instead of " + name +
                                        " for this connection; by address, Kerberos cannot be used and Windows "
                                        "falls back to NTLM; the certificate must still carry " + name);
        if (!host.use_target_address(target)) {
            return RDPMEDIC_FAILED;
        }
        return host.add_client_argument("/cert:name:" + name) ? RDPMEDIC_OK : RDPMEDIC_FAILED;
    }
};

} // namespace

RDPMEDIC_PLUGIN(IpDirect, "rdpmedic.ip-direct", "Connect by IP address",
                "Connects to the address the probe found reachable, keeping the name for the certificate check",
                "1.0.0", RDPMEDIC_PLATFORM_LINUX | RDPMEDIC_PLATFORM_WINDOWS, RDPMEDIC_FLAG_REVERSIBLE)
