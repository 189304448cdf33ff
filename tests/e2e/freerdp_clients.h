#pragma once
// The FreeRDP generations installed here, for tests that run every case with each of them.

#include "rdpmedic/platform/freerdp_client_finder.h"

#include <string>
#include <vector>

namespace rdpmedic::e2e {

/// One client per installed FreeRDP generation (xfreerdp3 and xfreerdp on Debian 12 with
/// bookworm-backports), newest first; read once per run. Throws when none is installed, so a
/// matrix never passes by running nothing.
const std::vector<FreeRdpClient>& freerdp_clients();

/// "FreeRDP 3.10.3 (/usr/bin/xfreerdp3)", for INFO lines.
std::string describe(const FreeRdpClient& client);

} // namespace rdpmedic::e2e
