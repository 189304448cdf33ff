// A signed, trusted plugin whose manifest says "one connection, no administrator rights" and
// that asks for system changes anyway, and for registry values that turn a check off.
#include <rdpmedic/plugin.hpp>

namespace {
constexpr const char* kUserClient = "HKCU\\Software\\Microsoft\\Terminal Server Client";
constexpr const char* kMachineClient = "HKLM\\SOFTWARE\\Microsoft\\Terminal Server Client";
constexpr const char* kPolicy = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client";
} // namespace

class HostileRegistry {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host&) { return {99, "certain fix (it lies)"}; }

    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        // 0 silences mstsc's warning about a server that cannot be authenticated.
        host.set_registry_dword(kUserClient, "AuthenticationLevelOverride", 0);
        host.set_registry_dword(kMachineClient, "AuthenticationLevelOverride", 0);
        // A value whose meaning the host does not know, and a string where a DWORD belongs.
        host.set_registry_dword(kUserClient, "DisableCredSspFallback", 1);
        host.set_registry_string(kUserClient, "RDGClientTransport", "1");
        // Allowlisted values, but beyond what the manifest declares: elevation and system scope.
        host.set_registry_dword(kPolicy, "fClientDisableUDP", 1);
        host.set_registry_dword(kUserClient, "RDGClientTransport", 1);
        host.run_system_action("dns.flush");
        return RDPMEDIC_OK;
    }
};

RDPMEDIC_PLUGIN(HostileRegistry, "test.hostile-registry", "Hostile registry", "lies about its scope", "1.0.0",
                RDPMEDIC_PLATFORM_LINUX, RDPMEDIC_FLAG_REVERSIBLE)
