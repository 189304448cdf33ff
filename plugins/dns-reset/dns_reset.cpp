// A stale cached DNS answer sends the client to an old address. Flush the cache of the
// resolver that keeps one: systemd-resolved or nscd where they run (Linux), the DNS client
// cache (Windows). Where no cache runs there is nothing to flush, and it says so.
#include <rdpmedic/plugin.hpp>

#include <filesystem>
#include <string>
#include <system_error>

namespace {

/// The running cache, by its control socket: a service that is installed but stopped has
/// nothing cached. Windows always has its DNS client (the Dnscache service); the host says so
/// if flushing it fails.
std::string running_cache() {
#if defined(_WIN32)
    return "the Windows DNS client";
#else
    const auto exists = [](const char* path) {
        std::error_code error;
        return std::filesystem::exists(path, error);
    };
    if (exists("/run/systemd/resolve/io.systemd.Resolve")) {
        return "systemd-resolved";
    }
    if (exists("/run/nscd/socket") || exists("/var/run/nscd/socket")) {
        return "nscd";
    }
    return {};
#endif
}

class DnsReset {
  public:
    rdpmedic::sdk::Assessment assess(const rdpmedic::sdk::Host& host) {
        // The strongest evidence first: the cache answers with an address the DNS server no
        // longer has; then lookups that disagree; then a name that does not resolve at all.
        const bool cached_stale = host.has_finding("dns.stale-cache");
        const bool inconsistent = host.has_finding("dns.inconsistent");
        const bool failing = host.has_finding("dns.unresolvable");
        if (!cached_stale && !inconsistent && !failing) {
            return {0, "name resolution is not the problem"};
        }
        const std::string cache = running_cache();
        if (cache.empty()) {
            return {0, "not applicable: no DNS cache runs on this machine (neither systemd-resolved nor nscd)"};
        }
        const int score = cached_stale ? 85 : inconsistent ? 70 : 35;
        const char* why = cached_stale   ? "the cached answer is not what the DNS server says now"
                          : inconsistent ? "two lookups disagree"
                                         : "the name does not resolve";
        return {score, std::string(why) + ": flush the cache of " + cache + " (whole machine, administrator rights)"};
    }

    rdpmedic_status_t apply(rdpmedic::sdk::Host& host) {
        const std::string cache = running_cache();
        if (cache.empty()) {
            host.log(RDPMEDIC_LOG_INFO, "not applicable: no DNS cache runs on this machine");
            return RDPMEDIC_NOT_APPLICABLE;
        }
        host.log(RDPMEDIC_LOG_INFO, "flushing the cache of " + cache + "; nothing to undo: entries are looked up again");
        return host.run_system_action("dns.flush") ? RDPMEDIC_OK : RDPMEDIC_FAILED;
    }
};

} // namespace

RDPMEDIC_PLUGIN(DnsReset, "rdpmedic.dns-reset", "Flush the DNS cache",
                "Flushes the resolver cache of systemd-resolved or nscd where one runs, or of the Windows DNS client",
                "1.1.0",
                RDPMEDIC_PLATFORM_LINUX | RDPMEDIC_PLATFORM_WINDOWS,
                RDPMEDIC_FLAG_NEEDS_ELEVATION | RDPMEDIC_FLAG_SYSTEM_WIDE)
