#include "rdpmedic/core/client.h"

#include <algorithm>

namespace rdpmedic {

Handoff ClientHandoff::hand_over(const ConnectRequest& request) {
    const std::string client = request.client.value_or("");
    const auto clients = installed();
    if (std::find(clients.begin(), clients.end(), client) == clients.end()) {
        throw LaunchError("the client \"" + client + "\" is not installed here");
    }
    return start(request);
}

} // namespace rdpmedic
