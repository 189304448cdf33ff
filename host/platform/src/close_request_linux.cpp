#include "rdpmedic/platform/close_request.h"

namespace rdpmedic {

struct CloseRequestListener::State {};

CloseRequestListener::CloseRequestListener(std::function<void()> /*on_request: never asked on Linux*/) {}
CloseRequestListener::~CloseRequestListener() = default;

ClosedInstances close_running_instances(const std::filesystem::path& /*folder*/, std::chrono::milliseconds /*wait*/) {
    return {};
}

} // namespace rdpmedic
