#pragma once
/// The MTU of the network interface that carries the route to an address, for the mtu-clamp
/// strategy's "interface-mtu" change. Setting it needs administrator rights; the elevated
/// helper does it.

#include <cstdint>
#include <string>
#include <vector>

namespace rdpmedic {

struct RouteInterface {
    /// Linux: the interface's name ("eth0"); Windows: its interface index ("12"), as netsh
    /// names a subinterface.
    std::string name;
    std::uint32_t mtu = 0; ///< its MTU now (Windows: of the address family of the route)
};

/// The interface the system routes packets to `address` (an IPv4 or IPv6 literal) through.
/// Linux: the interface holding the source address a socket connected there is given.
/// Windows: GetBestInterfaceEx, and the MTU from GetIpInterfaceEntry. Throws
/// std::runtime_error saying why when there is no route or the address is not one.
RouteInterface route_interface(const std::string& address);

/// The command that sets `device`'s MTU: Linux `ip link set dev NAME mtu N`; Windows
/// `netsh interface ipv4|ipv6 set subinterface INDEX mtu=N store=active` (until the next
/// restart, so a forgotten undo does not outlive it). `ipv6` picks netsh's address family.
std::vector<std::string> interface_mtu_command(const std::string& device, std::uint32_t mtu, bool ipv6);

/// Runs interface_mtu_command(); throws std::runtime_error with the tool's message.
void set_interface_mtu(const std::string& device, std::uint32_t mtu, bool ipv6);

} // namespace rdpmedic
