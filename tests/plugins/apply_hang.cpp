// Scores high, then never returns from apply(): the worker is killed mid-apply.
#include <rdpmedic/plugin.hpp>

#include <unistd.h>

class ApplyHang {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host&) { return {99, "always"}; }
    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        host.set_registry_dword("HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services\\Client",
                                "fClientDisableUDP", 1);
        for (;;) {
            ::pause();
        }
    }
};

RDPMEDIC_PLUGIN(ApplyHang, "test.apply-hang", "Apply hang", "hangs in apply", "1.0.0", RDPMEDIC_PLATFORM_LINUX, 0)
