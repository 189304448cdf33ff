// dnsapi.dll from System32 and its DnsFlushResolverCache, really loaded and called. Under Wine
// the function exists but flushes nothing (Wine keeps no resolver cache), so this proves the
// loading and the call, not a flushed cache.
#include "rdpmedic/platform/dns_cache.h"

#include <catch2/catch.hpp>

TEST_CASE("dns flush (Windows): DnsFlushResolverCache is loaded from System32 and called",
          "[dns-cache]") {
    CHECK(rdpmedic::flush_dns_cache() == "Windows DNS client: resolver cache flushed");
}
