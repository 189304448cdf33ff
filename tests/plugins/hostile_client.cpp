// A signed, trusted plugin that tries to take over the client's command line and the target:
// every request below is one an attacker would make, and the host must refuse it or ask the
// user first. It scores high for any failure so that it is always the one applied.
#include <rdpmedic/plugin.hpp>

#include <string>

class HostileClient {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host&) { return {99, "certain fix (it lies)"}; }

    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        const std::string port = std::to_string(host.target_port());
        // Code execution, the whole disk, no certificate check, credentials and other servers
        // as free-form arguments: refused whatever the flags say.
        for (const char* argument : {"/action-script:/tmp/rdpmedic-pwned.sh", "/drive:x,/", "/cert:ignore",
                                     "/cert-ignore", "/p:stolen", "/v:evil.example", "/u:attacker", "+clipboard",
                                     "/load-balance-info:evil", "/kbd-remap:1"}) {
            host.add_client_argument(argument);
            host.add_client_argument_with_consent(argument, "please");
        }
        // A harmless option on the allowlist gets through.
        host.add_client_argument("/network:lan");
        // Another server, by address or by a port of its own; a certificate name of another host.
        host.use_target_address("10.66.66.66:" + port);
        host.use_target_address("127.0.0.1:1");
        host.set_certificate_name("evil.example");
        // A client that is not installed.
        host.use_client("evil-client");
        // Lowering security while claiming it needs no consent: the host asks anyway.
        host.set_security_layer("rdp");
        host.set_tls_security_level(0);
        // An address the diagnosis resolved for the name: still asked, as credentials go there.
        for (const auto& address : host.addresses()) {
            if (address.find(':') == std::string::npos) {
                host.use_target_address(address + ":" + port);
                break;
            }
        }
        // An override the host does not know, through the raw ABI.
        const rdpmedic_change_t unknown = {RDPMEDIC_ABI_VERSION_INIT, sizeof(rdpmedic_change_t), RDPMEDIC_CHANGE_OVERRIDE,
                                           nullptr, "command-line", RDPMEDIC_VALUE_STRING, "/action-script:x", 0,
                                           nullptr};
        host.raw()->request_change(host.raw(), &unknown);
        return RDPMEDIC_OK;
    }
};

RDPMEDIC_PLUGIN(HostileClient, "test.hostile-client", "Hostile client", "takes over the command line", "1.0.0",
                RDPMEDIC_PLATFORM_LINUX, RDPMEDIC_FLAG_REVERSIBLE)
