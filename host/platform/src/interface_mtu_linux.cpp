#include "rdpmedic/platform/interface_mtu.h"
#include "rdpmedic/platform/descriptor_linux.h"
#include "rdpmedic/platform/system_tool.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace rdpmedic {

namespace {

/// Any port: connecting a UDP socket sends nothing, it only looks the route up.
constexpr std::uint16_t kAnyPort = 9;

bool same_address(const sockaddr* a, const sockaddr_storage& b) {
    if (a == nullptr || a->sa_family != b.ss_family) {
        return false;
    }
    if (a->sa_family == AF_INET) {
        return reinterpret_cast<const sockaddr_in*>(a)->sin_addr.s_addr ==
               reinterpret_cast<const sockaddr_in*>(&b)->sin_addr.s_addr;
    }
    return std::memcmp(&reinterpret_cast<const sockaddr_in6*>(a)->sin6_addr,
                       &reinterpret_cast<const sockaddr_in6*>(&b)->sin6_addr, sizeof(in6_addr)) == 0;
}

std::uint32_t mtu_of(const std::string& device) {
    const Descriptor fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    ifreq request{};
    std::strncpy(request.ifr_name, device.c_str(), IFNAMSIZ - 1);
    if (fd.get() < 0 || ::ioctl(fd.get(), SIOCGIFMTU, &request) != 0) {
        throw std::runtime_error("the MTU of " + device + " cannot be read: " + std::strerror(errno));
    }
    return static_cast<std::uint32_t>(request.ifr_mtu);
}

} // namespace

RouteInterface route_interface(const std::string& address) {
    sockaddr_storage target{};
    socklen_t size = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&target);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&target);
    if (::inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(kAnyPort);
        size = sizeof *v4;
    } else if (::inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(kAnyPort);
        size = sizeof *v6;
    } else {
        throw std::runtime_error("\"" + address + "\" is not an IP address");
    }
    const Descriptor fd(::socket(target.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_storage source{};
    socklen_t source_size = sizeof source;
    if (fd.get() < 0 || ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&target), size) != 0 ||
        ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&source), &source_size) != 0) {
        throw std::runtime_error("no route to " + address + ": " + std::strerror(errno));
    }
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) {
        throw std::runtime_error(std::string("the interfaces cannot be listed: ") + std::strerror(errno));
    }
    std::string name;
    for (const ifaddrs* entry = list; entry != nullptr && name.empty(); entry = entry->ifa_next) {
        if (same_address(entry->ifa_addr, source)) {
            name = entry->ifa_name;
        }
    }
    ::freeifaddrs(list);
    if (name.empty()) {
        throw std::runtime_error("no interface holds the source address of the route to " + address);
    }
    return {name, mtu_of(name)};
}

std::vector<std::string> interface_mtu_command(const std::string& device, std::uint32_t mtu, bool) {
    const char* ip = ::access("/usr/sbin/ip", X_OK) == 0 ? "/usr/sbin/ip" : "/sbin/ip";
    return {ip, "link", "set", "dev", device, "mtu", std::to_string(mtu)};
}

void set_interface_mtu(const std::string& device, std::uint32_t mtu, bool ipv6) {
    run_system_tool(interface_mtu_command(device, mtu, ipv6), std::chrono::seconds(20));
}

} // namespace rdpmedic
