// mstsc's UDP transport (RDP 8+ multi-transport) is a frequent suspect behind dropped
// connections; the policy "Turn Off UDP On Client" makes it use TCP only. FreeRDP 2.x has no
// UDP transport at all (/multitransport only parses the server's request), so on Linux this
// strategy says it does not apply instead of pretending.
#include <rdpmedic/plugin.hpp>

#include <string>

namespace {

constexpr const char* kPolicyKey = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client";
constexpr const char* kValue = "fClientDisableUDP";
constexpr const char* kNotOnFreeRdp = "not applicable: FreeRDP 2.x has no UDP transport";

/// The Windows clients that honour the policy. An unknown client on Windows is mstsc.
bool uses_windows_client(const rdpmedic::sdk::Host& host) {
    const std::string client = host.client_name();
    if (client == "mstsc" || client == "msrdc") {
        return true;
    }
#if defined(_WIN32)
    return client.empty();
#else
    return false;
#endif
}

class UdpDisable {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host) {
        if (!uses_windows_client(host)) {
            return {0, kNotOnFreeRdp};
        }
        // The probe tests TCP only: nothing in a diagnosis points at UDP, so this stays a
        // low-ranked fallback for connections that drop after being accepted.
        const std::string kind = host.failure_kind();
        if (kind == "socket-closed" || kind == "timeout") {
            return {20, "mstsc may be falling over on its UDP transport: turn it off (policy, all connections, "
                        "needs administrator rights, undoable)"};
        }
        return {0, "the failure is not one UDP explains"};
    }

    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        if (!uses_windows_client(host)) {
            host.log(RDPMEDIC_LOG_INFO, kNotOnFreeRdp);
            return RDPMEDIC_NOT_APPLICABLE;
        }
        host.log(RDPMEDIC_LOG_INFO, std::string("setting the policy ") + kValue +
                                        " = 1 (Turn Off UDP On Client); undo restores the previous value");
        return host.set_registry_dword(kPolicyKey, kValue, 1) ? RDPMEDIC_OK : RDPMEDIC_FAILED;
    }
};

} // namespace

RDPMEDIC_PLUGIN(UdpDisable, "rdpmedic.udp-disable", "Turn off UDP",
                "Windows: the policy Turn Off UDP On Client; Linux: not applicable, FreeRDP 2.x has no UDP transport",
                "1.0.0", RDPMEDIC_PLATFORM_LINUX | RDPMEDIC_PLATFORM_WINDOWS,
                RDPMEDIC_FLAG_NEEDS_ELEVATION | RDPMEDIC_FLAG_SYSTEM_WIDE | RDPMEDIC_FLAG_REVERSIBLE)
