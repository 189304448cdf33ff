// The Windows RDP client's event log has no Linux counterpart: FreeRDP reports through its own
// output, which the launcher reads.
#include "rdpmedic/platform/rdp_client_events.h"

namespace rdpmedic {

std::unique_ptr<RdpClientEventWatcher>
watch_rdp_client_events(RdpClientEventWatcher::Observer, RdpClientEventWatcher::ErrorObserver) {
    throw EventWatchError(
        "event log subscription unavailable: the Windows RDP client's event log exists on "
        "Windows only; on Linux rdpmedic reads xfreerdp's own output");
}

} // namespace rdpmedic
