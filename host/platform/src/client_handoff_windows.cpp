// Windows: finding the other clients (msrdc, Windows App, the Store "Remote Desktop" app) and
// handing a connection to them is not written yet. Until it is, none is offered, so the
// client-fallback strategy says that no other client is installed and changes nothing.
#include "rdpmedic/platform/client_handoff.h"

namespace rdpmedic {

namespace {

class NoClientHandoff final : public ClientHandoff {
  public:
    std::vector<std::string> installed() const override { return {}; }
    Handoff hand_over(const ConnectRequest& request) override {
        throw LaunchError("handing a connection to " + request.client.value_or("another client") +
                          " is not available on Windows yet");
    }
};

} // namespace

std::vector<std::string> other_installed_clients(const std::string& /*primary*/) { return {}; }

std::unique_ptr<ClientHandoff> make_client_handoff(const ClientSettings& /*settings*/) {
    return std::make_unique<NoClientHandoff>();
}

} // namespace rdpmedic
