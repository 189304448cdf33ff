#include "rdpmedic/platform/dns_cache.h"
#include "rdpmedic/platform/system_tool.h"

#include <array>
#include <chrono>
#include <unistd.h>

namespace rdpmedic {

namespace {

/// A flush takes milliseconds; a tool still running after this is stuck.
constexpr auto kFlushTimeout = std::chrono::seconds(20);

struct Cache {
    const char* socket; ///< present while the cache runs
    std::array<const char*, 2> tools;
    const char* argument;
};

constexpr std::array<Cache, 3> kCaches = {{
    {"/run/systemd/resolve/io.systemd.Resolve",
     {"/usr/bin/resolvectl", "/bin/resolvectl"},
     "flush-caches"},
    {"/run/nscd/socket", {"/usr/sbin/nscd", "/sbin/nscd"}, "--invalidate=hosts"},
    {"/var/run/nscd/socket", {"/usr/sbin/nscd", "/sbin/nscd"}, "--invalidate=hosts"},
}};

std::string run_flush(const char* tool, const char* argument) {
    run_system_tool({tool, argument}, kFlushTimeout);
    const std::string name = std::string(tool).substr(std::string(tool).rfind('/') + 1);
    return name + ": resolver cache flushed";
}

} // namespace

std::string flush_dns_cache() {
    // The running caches, by their control sockets: systemd-resolved, then nscd.
    for (const auto& cache : kCaches) {
        if (::access(cache.socket, F_OK) != 0) {
            continue;
        }
        for (const char* tool : cache.tools) {
            if (::access(tool, X_OK) == 0) {
                return run_flush(tool, cache.argument);
            }
        }
    }
    return "no resolver cache on this machine: nothing to flush";
}

} // namespace rdpmedic
