#include "rdpmedic/platform/dns_cache.h"
#include "rdpmedic/platform/windows_api.h"
#include "rdpmedic/platform/windows_error.h"

#include <stdexcept>

namespace rdpmedic {

std::string flush_dns_cache() {
    // From System32 only: a dnsapi.dll planted next to the executable or in the current
    // folder must never run with the helper's rights.
    HMODULE dnsapi = LoadLibraryExW(L"dnsapi.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32);
    if (dnsapi == nullptr) {
        throw std::runtime_error("dnsapi.dll could not be loaded from System32: " +
                                 windows_error_text(GetLastError()));
    }
    using FlushFunction = BOOL(WINAPI*)();
    // GetProcAddress returns a generic function pointer; this is the documented signature.
    const auto flush = reinterpret_cast<FlushFunction>(
        reinterpret_cast<void (*)()>(GetProcAddress(dnsapi, "DnsFlushResolverCache")));
    if (flush == nullptr) {
        const DWORD error = GetLastError();
        FreeLibrary(dnsapi);
        throw std::runtime_error("dnsapi.dll has no DnsFlushResolverCache: " +
                                 windows_error_text(error));
    }
    SetLastError(ERROR_SUCCESS);
    const BOOL flushed = flush();
    const DWORD error = GetLastError();
    FreeLibrary(dnsapi);
    if (!flushed) {
        // The DNS Client service (Dnscache) stopped or disabled is the usual reason.
        throw std::runtime_error("DnsFlushResolverCache failed: " + windows_error_text(error) +
                                 "; check that the \"DNS Client\" service (Dnscache) runs");
    }
    return "Windows DNS client: resolver cache flushed";
}

} // namespace rdpmedic
