#pragma once
/// Flushing the machine's DNS resolver cache, for the dns-reset strategy's "dns.flush"
/// action. Needs administrator rights; the elevated helper runs it.

#include <string>

namespace rdpmedic {

/// Linux: systemd-resolved (`resolvectl flush-caches`) or nscd (`nscd --invalidate=hosts`),
/// whichever runs. Windows: DnsFlushResolverCache from System32's dnsapi.dll.
/// Returns a line for the journal, also when no cache runs and there is nothing to flush.
/// Throws std::runtime_error, saying why, when a cache runs but flushing it failed.
std::string flush_dns_cache();

} // namespace rdpmedic
