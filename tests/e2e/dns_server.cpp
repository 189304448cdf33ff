#include "dns_server.h"

#include "e2e_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <stdexcept>

namespace rdpmedic::e2e {

namespace {

constexpr const char* kDnsmasq = "/usr/sbin/dnsmasq";
constexpr std::chrono::seconds kStartLimit{5};

/// Whether something (dnsmasq) holds UDP 127.0.0.1:53: a bind of our own fails then.
bool dns_port_taken() {
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return false;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(53);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool taken = ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 &&
                       errno == EADDRINUSE;
    ::close(fd);
    return taken;
}

} // namespace

DnsServer::DnsServer(const std::string& domain, const std::vector<DnsRecord>& records,
                     const std::filesystem::path& dir) {
    if (!std::filesystem::exists(kDnsmasq)) {
        throw std::runtime_error(std::string("DNS server: ") + kDnsmasq +
                                 " is missing (scripts/install-deps.sh installs dnsmasq-base)");
    }
    // A hosts-format file rather than one --host-record each: a scenario may name thousands.
    const std::filesystem::path records_file = dir / "dns-records";
    {
        std::ofstream out(records_file);
        for (const DnsRecord& record : records) {
            out << record.address << " " << record.name << "\n";
        }
    }
    // Authoritative for the domain, no upstream, no /etc/hosts: the records are all it knows.
    process_ = std::make_unique<ChildProcess>(std::vector<std::string>{
        kDnsmasq, "--keep-in-foreground", "--log-facility=/dev/null", "--conf-file=/dev/null", "--no-resolv",
        "--no-hosts", "--addn-hosts=" + records_file.string(), "--listen-address=127.0.0.1", "--bind-interfaces",
        "--port=53", "--local=/" + domain + "/", "--local-ttl=600", "--pid-file=" + (dir / "dnsmasq.pid").string(),
        "--user=root"});
    if (!wait_until(dns_port_taken, kStartLimit)) {
        throw std::runtime_error("DNS server: dnsmasq did not listen on 127.0.0.1:53");
    }
}

DnsServer::~DnsServer() {
    process_->request_stop();
    if (!process_->wait_for(kStartLimit)) {
        process_->kill();
        process_->wait();
    }
}

} // namespace rdpmedic::e2e
