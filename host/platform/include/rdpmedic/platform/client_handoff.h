#pragma once
/// The platform's other RDP clients, for the client-fallback strategy. Linux: Remmina (with
/// its RDP plugin) and wlfreerdp (where a Wayland compositor runs). Windows: the Remote
/// Desktop client (msrdc), Windows App and the Store "Remote Desktop" app.

#include "rdpmedic/core/client.h"
#include "rdpmedic/platform/client_launcher.h"

#include <memory>
#include <string>
#include <vector>

namespace rdpmedic {

/// The ids of the RDP clients installed here, other than `primary` (the launcher's client,
/// a name or a path), in order of preference. Only clients that can take a connection count:
/// Remmina without its RDP plugin does not.
std::vector<std::string> other_installed_clients(const std::string& primary);

/// Hands connections to the clients other_installed_clients() finds. `settings` are the
/// primary launcher's: its extra arguments go to FreeRDP front-ends as well.
std::unique_ptr<ClientHandoff> make_client_handoff(const ClientSettings& settings);

} // namespace rdpmedic
