#pragma once
// The ip-direct scenario, shared by its end-to-end test and the recovery benchmark: the
// server's name lists a stale address first. In a network namespace of its own,
// rdp.lab.test resolves to 127.0.0.2 (stale), then 127.0.0.1 (the lab's xrdp). FreeRDP 2.11
// connects to one address of a name only (the first; the first IPv4 one when IPv6 comes
// first) and never tries the next, so by name it fails while by address it connects.
// Measured here: with the stale address's SYNs dropped xfreerdp gives up after its fixed
// 15 s connect timeout (/timeout does not change it) with ERRCONNECT_CONNECT_FAILED, exit
// 141; with nothing listening there it fails at once with exit 147.

#include "e2e_support.h"

#include "rdpmedic/lab/network_namespace.h"

#include <string>
#include <vector>

namespace rdpmedic::e2e {

inline constexpr const char* kStaleName = "rdp.lab.test";
inline constexpr const char* kStaleAddress = "127.0.0.2";
inline constexpr const char* kServerAddress = "127.0.0.1";
/// Tells a run inside the namespace which kind of stale address it meets.
inline constexpr const char* kStaleVariable = "RDPMEDIC_STALE_ADDRESS";

enum class StaleAddress {
    Dropped, ///< a firewall silently drops everything sent to it
    Refused, ///< a host without an RDP server has the address now: connections are refused
};

inline const char* to_id(StaleAddress kind) {
    return kind == StaleAddress::Dropped ? "dropped" : "refused";
}

inline lab::NamespaceOptions stale_first_namespace(StaleAddress kind) {
    lab::NamespaceOptions options;
    options.loopback_addresses = {kStaleAddress};
    options.hosts = {"127.0.0.1 localhost", std::string(kStaleAddress) + " " + kStaleName,
                     std::string(kServerAddress) + " " + kStaleName};
    if (kind == StaleAddress::Dropped) {
        options.nftables_rules = std::string("table inet stale_address {\n"
                                             "  chain output {\n"
                                             "    type filter hook output priority 0;\n"
                                             "    ip daddr ") +
                                 kStaleAddress + " drop\n  }\n}\n";
    }
    return options;
}

/// Runs this executable again inside `ns` with `args`, told the kind of stale address it meets.
inline CommandResult run_self_inside(const lab::NetworkNamespace& ns, StaleAddress kind,
                                     const std::vector<std::string>& args) {
    return run_self_in_namespace(ns, std::string(kStaleVariable) + "=" + to_id(kind), args);
}

} // namespace rdpmedic::e2e
