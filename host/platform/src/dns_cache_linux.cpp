#include "rdpmedic/platform/dns_cache.h"
#include "rdpmedic/platform/child_process.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <stdexcept>
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
    ChildProcess process({tool, argument});
    process.close_stdin();
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + kFlushTimeout;
    while (process.read_output(output, deadline) == ChildProcess::Read::data) {
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    const auto code = process.wait_for(std::max(left, std::chrono::milliseconds(0)));
    const std::string name = std::string(tool).substr(std::string(tool).rfind('/') + 1);
    if (!code) {
        throw std::runtime_error(name + " " + argument + " did not finish within 20 s");
    }
    if (*code != 0) {
        while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) {
            output.pop_back();
        }
        throw std::runtime_error(name + " " + argument + " failed (exit " + std::to_string(*code) +
                                 ")" + (output.empty() ? "" : ": " + output));
    }
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
