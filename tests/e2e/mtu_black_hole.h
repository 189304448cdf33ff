#pragma once
// The mtu-clamp scenario: a real path-MTU black hole. Three network namespaces, client —
// router — server, joined by veth pairs. The router's end of the client's link has MTU 1280
// (the client's own end keeps 1500, so the client announces segments of 1460 bytes), and
// nftables in the router drops ICMP "fragmentation needed" and ICMPv6 "packet too big": the
// server's full-size packets are dropped at the router and nobody tells the server. The
// server namespace runs the lab (rdpmedic-lab, healthy, on 127.0.0.1) behind a DNAT of
// kServerAddress:kServerPort, so TCP and X.224 pass and the TLS flight is what stalls.

#include "rdpmedic/lab/network_namespace.h"
#include "rdpmedic/platform/child_process.h"

#include <cstdint>
#include <memory>
#include <string>

namespace rdpmedic::e2e {

inline constexpr const char* kServerAddress = "10.77.2.2";
inline constexpr std::uint16_t kServerPort = 3389;
/// The client's end of its link, in the client namespace.
inline constexpr const char* kClientInterface = "rdpm-c";
inline constexpr int kClientMtu = 1500;
inline constexpr int kNarrowLinkMtu = 1280;
/// Tells a run that it is inside the client namespace its twin set up.
inline constexpr const char* kMtuBlackHoleVariable = "RDPMEDIC_MTU_BLACK_HOLE";

class MtuBlackHole {
  public:
    /// Builds the router and server around `client` (a namespace of the caller's) and starts
    /// the lab. Throws std::runtime_error when a tool is missing or a step fails (needs root,
    /// iproute2, nftables, sysctl).
    explicit MtuBlackHole(const lab::NetworkNamespace& client);
    /// Stops the lab; the namespaces (and the veth pairs in them) go with their owners.
    ~MtuBlackHole();
    MtuBlackHole(const MtuBlackHole&) = delete;
    MtuBlackHole& operator=(const MtuBlackHole&) = delete;

  private:
    lab::NetworkNamespace router_;
    lab::NetworkNamespace server_;
    std::unique_ptr<ChildProcess> lab_;
};

/// Inside the client namespace: the MTU of kClientInterface now.
int client_interface_mtu();

} // namespace rdpmedic::e2e
