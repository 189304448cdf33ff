// A path-MTU black hole (the probe's path.mtu-blackhole): full-size packets from the server are
// lost on the way and nobody says so. Lowering the MTU of the interface that carries the route
// makes this machine announce a segment size that fits, so the server's packets get through.
// It is system-wide (every connection over that interface) and needs an administrator; the
// host asks first, journals the old MTU and undo puts it back.
#include "clamp_choice.h"

#include <rdpmedic/plugin.hpp>

#include <string>

namespace {

class MtuClamp {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host) {
        if (!host.has_finding("path.mtu-blackhole")) {
            return {0, "no path-MTU black hole was found"};
        }
        const auto clamp = mtu_clamp::read_clamp(host.diagnosis_json());
        if (clamp.mtu == 0) {
            return {0, "not applicable: " + clamp.why};
        }
        return {80, "large packets from " + clamp.address + " are lost on the way: lower the MTU of the interface "
                    "that carries the route to " + std::to_string(clamp.mtu) +
                    " (whole machine, administrator rights, asked first, undone with rdpmedic-cli undo)"};
    }

    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        const auto clamp = mtu_clamp::read_clamp(host.diagnosis_json());
        if (clamp.mtu == 0) {
            host.log(RDPMEDIC_LOG_INFO, "not applicable: " + clamp.why);
            return RDPMEDIC_NOT_APPLICABLE;
        }
        const std::string note = "lower the MTU of the interface that carries the route to " + clamp.address + " to " +
                                 std::to_string(clamp.mtu) +
                                 " bytes: every connection over it uses smaller packets until this is undone";
        return host.set_route_mtu(clamp.address, clamp.mtu, note) ? RDPMEDIC_OK : RDPMEDIC_FAILED;
    }
};

} // namespace

RDPMEDIC_PLUGIN(MtuClamp, "rdpmedic.mtu-clamp", "Lower the MTU for a black-holed path",
                "Lowers the MTU of the interface carrying the route to the server to the path MTU the probe found",
                "1.0.0", RDPMEDIC_PLATFORM_LINUX | RDPMEDIC_PLATFORM_WINDOWS,
                RDPMEDIC_FLAG_NEEDS_ELEVATION | RDPMEDIC_FLAG_SYSTEM_WIDE | RDPMEDIC_FLAG_REVERSIBLE)
