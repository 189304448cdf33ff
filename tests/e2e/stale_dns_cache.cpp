#include "stale_dns_cache.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/mount.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace rdpmedic::e2e {

namespace fs = std::filesystem;

namespace {

constexpr const char* kNscd = "/usr/sbin/nscd";
constexpr const char* kNscdFolder = "/run/nscd";

// Hosts only, nothing persistent or shared: the cache lives and dies with this nscd. The
// positive lifetime outlasts any test; dnsmasq's TTL (600 s) bounds it anyway.
constexpr const char* kNscdConfig = "enable-cache passwd no\n"
                                    "enable-cache group no\n"
                                    "enable-cache netgroup no\n"
                                    "enable-cache services no\n"
                                    "enable-cache hosts yes\n"
                                    "positive-time-to-live hosts 3600\n"
                                    "negative-time-to-live hosts 1\n"
                                    "check-files hosts yes\n"
                                    "persistent hosts no\n"
                                    "shared hosts no\n";

void run_or_throw(const std::vector<std::string>& argv, const std::string& what) {
    const CommandResult result = run_command(argv);
    if (result.exit_code != 0) {
        throw std::runtime_error("stale DNS cache: " + what + " failed (exit " + std::to_string(result.exit_code) +
                                 "): " + result.output);
    }
}

constexpr std::chrono::seconds kStartLimit{5};

} // namespace

lab::NamespaceOptions dns_cache_namespace() {
    lab::NamespaceOptions options;
    options.hosts = {"127.0.0.1 localhost"};
    options.resolv_conf = {"nameserver 127.0.0.1"};
    return options;
}

StaleDnsCache::StaleDnsCache() : dir_("rdpmedic-dns-cache-") {
    for (const char* tool : {"/usr/sbin/dnsmasq", kNscd}) {
        if (!fs::exists(tool)) {
            throw std::runtime_error(std::string("stale DNS cache: ") + tool +
                                     " is missing (scripts/install-deps.sh installs dnsmasq-base and nscd)");
        }
    }
    // nscd's socket path is fixed; this mount namespace gets a folder of its own there.
    std::error_code error;
    made_run_folder_ = fs::create_directory(kNscdFolder, error);
    if (::mount("tmpfs", kNscdFolder, "tmpfs", 0, "mode=0755") != 0) {
        throw std::runtime_error(std::string("stale DNS cache: cannot mount a tmpfs on /run/nscd: ") +
                                 std::strerror(errno));
    }
    mounted_ = true;
    serve(kOldAddress);
    std::ofstream(dir_.path() / "nscd.conf") << kNscdConfig;
    run_or_throw({kNscd, "-f", (dir_.path() / "nscd.conf").string()}, "starting nscd");
    nscd_started_ = true;
    if (!wait_until([] { return fs::exists(fs::path(kNscdFolder) / "socket"); }, kStartLimit)) {
        throw std::runtime_error("stale DNS cache: nscd did not open its socket");
    }
    go_stale();
}

StaleDnsCache::~StaleDnsCache() {
    if (nscd_started_) {
        run_command({kNscd, "-K"});
        wait_until([] { return !fs::exists(fs::path(kNscdFolder) / "nscd.pid"); }, kStartLimit);
    }
    dns_server_.reset();
    if (mounted_) {
        ::umount2(kNscdFolder, MNT_DETACH);
    }
    if (made_run_folder_) {
        std::error_code error;
        fs::remove(kNscdFolder, error);
    }
}

void StaleDnsCache::go_stale() {
    serve(kOldAddress);
    // Whatever nscd holds now goes, so the next lookup caches the old address.
    run_or_throw({kNscd, "--invalidate=hosts"}, "emptying nscd's cache");
    const auto cached = system_answer();
    if (cached != std::vector<std::string>{kOldAddress}) {
        throw std::runtime_error(std::string("stale DNS cache: the name did not resolve to ") + kOldAddress);
    }
    serve(kNewAddress);
}

std::vector<std::string> StaleDnsCache::system_answer() {
    // Any family, as FreeRDP and the probe ask: nscd caches such a lookup apart from an
    // IPv4-only one, so this is the entry they meet.
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    std::vector<std::string> out;
    if (::getaddrinfo(kCachedName, nullptr, &hints, &list) != 0) {
        return out;
    }
    for (const addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
        char text[INET6_ADDRSTRLEN] = {};
        if (::getnameinfo(ai->ai_addr, ai->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) == 0) {
            out.emplace_back(text);
        }
    }
    ::freeaddrinfo(list);
    return out;
}

void StaleDnsCache::serve(const char* address) {
    dns_server_.reset();
    dns_server_ = std::make_unique<DnsServer>("lab.test", std::vector<DnsRecord>{{kCachedName, address}}, dir_.path());
}

} // namespace rdpmedic::e2e
