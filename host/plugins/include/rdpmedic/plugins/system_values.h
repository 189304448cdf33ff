#pragma once
/// Where registry-shaped changes (and an interface's MTU) are carried out. Windows: the registry (not written yet).
/// Linux has no registry: values live in files under a root folder (RDPMEDIC_REGISTRY_ROOT,
/// default /var/lib/rdpmedic/registry), so that the journal, the helper and undo run end to
/// end on the platform where everything is tested.

#include "rdpmedic/platform/interface_mtu.h"
#include "rdpmedic/plugins/change.h"

#include <memory>
#include <optional>
#include <string>

namespace rdpmedic::plugins {

class SystemValues {
  public:
    virtual ~SystemValues() = default;
    virtual std::optional<StoredValue> read(const std::string& key, const std::string& name) = 0;
    /// Durable when it returns (written, flushed, renamed into place).
    virtual void write(const std::string& key, const std::string& name, const StoredValue& value) = 0;
    virtual void remove(const std::string& key, const std::string& name) = 0;
    /// An allowlisted action; throws std::runtime_error when it cannot run here.
    virtual std::string run_action(const std::string& action) = 0;
    /// The interface carrying the route to `address`, and its MTU now.
    virtual RouteInterface route_interface(const std::string& address) = 0;
    /// Sets `device`'s MTU (netsh: for `ipv6`'s address family); throws std::runtime_error.
    virtual void set_interface_mtu(const std::string& device, std::uint32_t mtu, bool ipv6) = 0;
};

std::unique_ptr<SystemValues> make_system_values();

} // namespace rdpmedic::plugins
