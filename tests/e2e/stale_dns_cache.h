#pragma once
// The dns-reset scenario: a DNS record that changed while this machine's cache still holds
// the old answer. Inside a network namespace of its own, whose resolv.conf names 127.0.0.1,
// dnsmasq serves lab.test and a private nscd caches lookups: its socket lives on a tmpfs
// mounted over /run/nscd in the mount namespace `ip netns exec` gives the run, so neither is
// seen outside. rdp.lab.test first points at 127.0.0.2 and is looked up (nscd caches it), then
// moves to 127.0.0.1, where the lab listens: by name the client still goes to 127.0.0.2 and
// is refused, until the cache is flushed.

#include "dns_server.h"
#include "e2e_support.h"
#include "temp_dir.h"

#include "rdpmedic/lab/network_namespace.h"

#include <memory>
#include <string>
#include <vector>

namespace rdpmedic::e2e {

inline constexpr const char* kCachedName = "rdp.lab.test";
inline constexpr const char* kOldAddress = "127.0.0.2";
inline constexpr const char* kNewAddress = "127.0.0.1";
/// Tells a run that it is inside the namespace its twin set up.
inline constexpr const char* kStaleCacheVariable = "RDPMEDIC_STALE_DNS_CACHE";

/// No hosts entry for the name (it must come from DNS) and the namespace's own DNS server.
lab::NamespaceOptions dns_cache_namespace();

/// Inside the namespace: dnsmasq and nscd running, the name cached with its old address and
/// moved to the new one. Throws std::runtime_error when a tool is missing or fails.
class StaleDnsCache {
  public:
    StaleDnsCache();
    /// Stops nscd and dnsmasq and unmounts nscd's folder.
    ~StaleDnsCache();
    StaleDnsCache(const StaleDnsCache&) = delete;
    StaleDnsCache& operator=(const StaleDnsCache&) = delete;

    /// Points the record at the old address, looks the name up so nscd caches it, then points
    /// the record at the new address: the cache is stale again.
    void go_stale();
    /// The system resolver's answer (through nscd), in order.
    static std::vector<std::string> system_answer();

  private:
    void serve(const char* address);

    test::TempDir dir_;
    std::unique_ptr<DnsServer> dns_server_;
    bool made_run_folder_ = false;
    bool mounted_ = false;
    bool nscd_started_ = false;
};

} // namespace rdpmedic::e2e
