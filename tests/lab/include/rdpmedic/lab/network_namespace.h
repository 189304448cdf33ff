#pragma once
/// A network namespace of a test's own: its own loopback, extra addresses, hosts file and
/// nftables rules, so a scenario can give a name a stale address and drop packets to it
/// without touching the machine's network. Needs root (ip netns), iproute2 and, for rules,
/// nftables. Everything it creates is removed by the destructor.

#include <string>
#include <vector>

namespace rdpmedic::lab {

struct NamespaceOptions {
    /// Addresses put on the namespace's loopback, each as a host address of its own (/32,
    /// /128). As their own source address they tie with 127.0.0.1 in glibc's RFC 6724 sort,
    /// so the resolver keeps the hosts file's order; inside 127.0.0.0/8 alone, 127.0.0.1
    /// would always come first.
    std::vector<std::string> loopback_addresses;
    /// Lines of the namespace's hosts file ("ADDRESS NAME…"); `ip netns exec` mounts it over
    /// /etc/hosts for what runs inside.
    std::vector<std::string> hosts;
    /// Lines of the namespace's resolv.conf ("nameserver 127.0.0.1"), mounted over
    /// /etc/resolv.conf the same way; empty keeps the machine's.
    std::vector<std::string> resolv_conf;
    /// An nftables ruleset loaded inside the namespace (`nft -f`); empty for none.
    std::string nftables_rules;
};

class NetworkNamespace {
  public:
    /// Throws std::invalid_argument for an option that is not an address or a hosts line,
    /// std::runtime_error (with the tool's own message) when a step fails, e.g. without root.
    explicit NetworkNamespace(const NamespaceOptions& options);
    /// Deletes the namespace (ending nothing that still runs in it) and its /etc/netns folder.
    ~NetworkNamespace();
    NetworkNamespace(const NetworkNamespace&) = delete;
    NetworkNamespace& operator=(const NetworkNamespace&) = delete;
    NetworkNamespace(NetworkNamespace&&) = delete;
    NetworkNamespace& operator=(NetworkNamespace&&) = delete;

    /// "rdpmedic-PID-N": unique on this machine while the process runs.
    const std::string& name() const { return name_; }
    /// The command that runs a program inside: {"/usr/sbin/ip", "netns", "exec", NAME}.
    std::vector<std::string> exec_prefix() const;

  private:
    void remove() noexcept;

    std::string name_;
    std::string ip_;
    bool created_ = false;
};

} // namespace rdpmedic::lab
