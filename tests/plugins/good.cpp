// Behaves: scores 70 when the server closed the connection, asks for one journaled system
// change and one per-connection override.
#include <rdpmedic/plugin.hpp>

class Good {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host) {
        return host.failure_kind() == "socket-closed" ? rdpmedic::sdk::Assessment{70, "closed by the server"}
                                                      : rdpmedic::sdk::Assessment{5, "a long shot"};
    }
    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        host.set_registry_dword("HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client",
                                "fClientDisableUDP", 1);
        host.add_client_argument("/sec:tls");
        host.run_system_action("format.disk"); // not allowlisted: must be refused
        return RDPMEDIC_OK;
    }
    rdpmedic_status_t verify(const rdpmedic::sdk::Host&) { return RDPMEDIC_OK; }
};

RDPMEDIC_PLUGIN(Good, "test.good", "Good", "behaves", "1.0.0", RDPMEDIC_PLATFORM_LINUX, RDPMEDIC_FLAG_REVERSIBLE)
