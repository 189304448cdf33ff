#include "rdpmedic/platform/interface_mtu.h"
#include "rdpmedic/platform/system_tool.h"
#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_error.h"

#include <winsock2.h>
#include <ws2tcpip.h>
// iphlpapi.h after the Winsock headers: it needs their address types.
#include <iphlpapi.h>

#include <filesystem>
#include <vector>
#include <stdexcept>

namespace rdpmedic {

RouteInterface route_interface(const std::string& address) {
    SOCKADDR_INET target{};
    if (InetPtonW(AF_INET, widen(address).c_str(), &target.Ipv4.sin_addr) == 1) {
        target.si_family = AF_INET;
    } else if (InetPtonW(AF_INET6, widen(address).c_str(), &target.Ipv6.sin6_addr) == 1) {
        target.si_family = AF_INET6;
    } else {
        throw std::runtime_error("\"" + address + "\" is not an IP address");
    }
    DWORD index = 0;
    if (const DWORD rc = GetBestInterfaceEx(reinterpret_cast<sockaddr*>(&target), &index); rc != NO_ERROR) {
        throw std::runtime_error("no route to " + address + ": " + windows_error_text(rc));
    }
    // GetAdaptersAddresses' Mtu is the interface's IP MTU, what netsh's subinterface sets
    // (wine has no GetIpInterfaceEntry). Asked again when the list grew in between.
    ULONG size = 16 * 1024;
    std::vector<unsigned char> buffer;
    ULONG rc = ERROR_BUFFER_OVERFLOW;
    for (int attempt = 0; attempt < 3 && rc == ERROR_BUFFER_OVERFLOW; ++attempt) {
        buffer.resize(size);
        rc = GetAdaptersAddresses(target.si_family,
                                  GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER,
                                  nullptr, reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data()), &size);
    }
    if (rc != NO_ERROR) {
        throw std::runtime_error("the interfaces cannot be listed: " + windows_error_text(rc));
    }
    for (auto* adapter = reinterpret_cast<const IP_ADAPTER_ADDRESSES*>(buffer.data()); adapter != nullptr;
         adapter = adapter->Next) {
        if ((target.si_family == AF_INET ? adapter->IfIndex : adapter->Ipv6IfIndex) == index) {
            return {std::to_string(index), static_cast<std::uint32_t>(adapter->Mtu)};
        }
    }
    throw std::runtime_error("interface " + std::to_string(index) + ", which carries the route to " + address +
                             ", is not among the interfaces");
}

std::vector<std::string> interface_mtu_command(const std::string& device, std::uint32_t mtu, bool ipv6) {
    wchar_t system[MAX_PATH];
    const UINT length = GetSystemDirectoryW(system, MAX_PATH);
    if (length == 0 || length >= MAX_PATH) {
        throw std::runtime_error("the System32 folder cannot be found");
    }
    const std::filesystem::path netsh = std::filesystem::path(std::wstring(system, length)) / L"netsh.exe";
    return {narrow(netsh.wstring()), "interface", ipv6 ? "ipv6" : "ipv4", "set", "subinterface", device,
            "mtu=" + std::to_string(mtu), "store=active"};
}

void set_interface_mtu(const std::string& device, std::uint32_t mtu, bool ipv6) {
    run_system_tool(interface_mtu_command(device, mtu, ipv6), std::chrono::seconds(60));
}

} // namespace rdpmedic
