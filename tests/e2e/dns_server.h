#pragma once
// A DNS server of a scenario's own: dnsmasq on 127.0.0.1:53, authoritative for one domain, no
// upstream and no /etc/hosts, answering only with the records it is given. Runs where it is
// started, so inside a network namespace (whose resolv.conf names 127.0.0.1) it is the one
// the system resolver asks, and nothing outside sees it.

#include "rdpmedic/platform/child_process.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace rdpmedic::e2e {

struct DnsRecord {
    std::string name;    ///< "rdp.lab.test"
    std::string address; ///< "127.0.0.1"
};

class DnsServer {
  public:
    /// Serves `records` (each name's A or AAAA record) for `domain` ("lab.test") with a TTL of
    /// 600 s, keeping its files in `dir`; once this returns, 127.0.0.1:53 answers. Throws
    /// std::runtime_error when dnsmasq is missing or does not come up.
    DnsServer(const std::string& domain, const std::vector<DnsRecord>& records, const std::filesystem::path& dir);
    /// Stops dnsmasq.
    ~DnsServer();
    DnsServer(const DnsServer&) = delete;
    DnsServer& operator=(const DnsServer&) = delete;

  private:
    std::unique_ptr<ChildProcess> process_;
};

} // namespace rdpmedic::e2e
