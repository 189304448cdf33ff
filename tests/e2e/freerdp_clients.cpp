#include "freerdp_clients.h"

#include "e2e_support.h"

#include <stdexcept>

namespace rdpmedic::e2e {

const std::vector<FreeRdpClient>& freerdp_clients() {
    static const std::vector<FreeRdpClient> clients = [] {
        ensure_display(); // FreeRDP 2's xfreerdp opens the display even for --version
        auto found = installed_freerdp_clients();
        if (found.empty()) {
            throw std::runtime_error("no FreeRDP client is installed (scripts/install-deps.sh installs both)");
        }
        return found;
    }();
    return clients;
}

std::string describe(const FreeRdpClient& client) {
    return "FreeRDP " + client.version.to_string() + " (" + client.path + ")";
}

} // namespace rdpmedic::e2e
