#include "mtu_black_hole.h"

#include "e2e_support.h"

#include <chrono>
#include <fstream>
#include <stdexcept>

namespace rdpmedic::e2e {

namespace {

constexpr const char* kIp = "/usr/sbin/ip";
constexpr const char* kSysctl = "/usr/sbin/sysctl";

// What makes the hole black: the router can neither send nor forward the messages that
// would tell the server to send smaller packets.
constexpr const char* kRouterRules = R"(table inet black_hole {
  chain output {
    type filter hook output priority 0
    icmp type destination-unreachable icmp code frag-needed drop
    icmpv6 type packet-too-big drop
  }
  chain forward {
    type filter hook forward priority 0
    icmp type destination-unreachable icmp code frag-needed drop
    icmpv6 type packet-too-big drop
  }
}
)";

// The lab listens on 127.0.0.1 only: the server's address is translated to it.
constexpr const char* kServerRules = R"(table ip front {
  chain prerouting {
    type nat hook prerouting priority -100
    ip daddr 10.77.2.2 tcp dport 3389 dnat to 127.0.0.1:3389
  }
}
)";

void run_or_throw(const std::vector<std::string>& argv) {
    const CommandResult result = run_command(argv);
    if (result.exit_code != 0) {
        std::string command;
        for (const auto& part : argv) {
            command += (command.empty() ? "" : " ") + part;
        }
        throw std::runtime_error("mtu black hole: `" + command + "` failed (exit " +
                                 std::to_string(result.exit_code) + "): " + result.output);
    }
}

lab::NamespaceOptions with_rules(const char* rules) {
    lab::NamespaceOptions options;
    options.nftables_rules = rules;
    return options;
}

} // namespace

MtuBlackHole::MtuBlackHole(const lab::NetworkNamespace& client)
    : router_(with_rules(kRouterRules)), server_(with_rules(kServerRules)) {
    const std::string& c = client.name();
    const std::string& r = router_.name();
    const std::string& s = server_.name();
    // Created inside their namespaces, so the names never meet another test's in the root one.
    run_or_throw({kIp, "link", "add", kClientInterface, "netns", c, "type", "veth", "peer", "name", "rdpm-rc", "netns", r});
    run_or_throw({kIp, "link", "add", "rdpm-s", "netns", s, "type", "veth", "peer", "name", "rdpm-rs", "netns", r});
    run_or_throw({kIp, "-n", c, "address", "add", "10.77.1.2/24", "dev", kClientInterface});
    run_or_throw({kIp, "-n", c, "link", "set", kClientInterface, "mtu", std::to_string(kClientMtu), "up"});
    run_or_throw({kIp, "-n", c, "route", "add", "default", "via", "10.77.1.1"});
    run_or_throw({kIp, "-n", r, "address", "add", "10.77.1.1/24", "dev", "rdpm-rc"});
    run_or_throw({kIp, "-n", r, "link", "set", "rdpm-rc", "mtu", std::to_string(kNarrowLinkMtu), "up"});
    run_or_throw({kIp, "-n", r, "address", "add", "10.77.2.1/24", "dev", "rdpm-rs"});
    run_or_throw({kIp, "-n", r, "link", "set", "rdpm-rs", "up"});
    run_or_throw({kIp, "-n", s, "address", "add", "10.77.2.2/24", "dev", "rdpm-s"});
    run_or_throw({kIp, "-n", s, "link", "set", "rdpm-s", "up"});
    run_or_throw({kIp, "-n", s, "route", "add", "default", "via", "10.77.2.1"});
    auto in_router = router_.exec_prefix();
    in_router.insert(in_router.end(), {kSysctl, "-qw", "net.ipv4.ip_forward=1"});
    run_or_throw(in_router);
    auto in_server = server_.exec_prefix();
    in_server.insert(in_server.end(), {kSysctl, "-qw", "net.ipv4.conf.all.route_localnet=1"});
    run_or_throw(in_server);

    auto lab = server_.exec_prefix();
    lab.insert(lab.end(), {RDPMEDIC_LAB_EXE, "--port", std::to_string(kServerPort)});
    lab_ = std::make_unique<ChildProcess>(lab);
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (output.find("listening on") == std::string::npos &&
           lab_->read_output(output, deadline) == ChildProcess::Read::data) {
    }
    if (output.find("listening on") == std::string::npos) {
        throw std::runtime_error("mtu black hole: the lab did not start: " + output);
    }
}

MtuBlackHole::~MtuBlackHole() {
    if (lab_) {
        lab_->request_stop();
        lab_->wait_for(std::chrono::seconds(5));
    }
}

int client_interface_mtu() {
    std::ifstream file(std::string("/sys/class/net/") + kClientInterface + "/mtu");
    int mtu = 0;
    file >> mtu;
    return mtu;
}

} // namespace rdpmedic::e2e
