#include "rdpmedic/lab/network_namespace.h"

#include "process.h"
#include "temp_dir.h"

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace rdpmedic::lab {

namespace fs = std::filesystem;

namespace {

// Where `ip netns exec` finds the files it mounts over /etc for the namespace.
fs::path etc_folder(const std::string& name) {
    return fs::path("/etc/netns") / name;
}

std::string tool(const std::string& name, const char* package) {
    const fs::path path = detail::find_executable(name);
    if (path.empty()) {
        throw std::runtime_error("lab: '" + name + "' was not found; install " + package);
    }
    return path.string();
}

// Runs a short configuration command to its end; throws with its output when it fails.
void run(const std::vector<std::string>& argv) {
    const detail::TempDir scratch;
    const fs::path output = scratch.path() / "output";
    auto process = detail::ChildProcess::start(argv, output);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (process.running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const bool finished = !process.running();
    process.stop();
    if (!finished || process.status_text() != "exit 0") {
        std::string command;
        for (const auto& arg : argv) {
            command += (command.empty() ? "" : " ") + arg;
        }
        throw std::runtime_error("lab: `" + command + "` failed (" +
                                 (finished ? process.status_text() : "no end after 10 s") + ")" +
                                 detail::tail_of_file(output));
    }
}

std::string host_prefix(const std::string& address) {
    in_addr v4{};
    in6_addr v6{};
    if (::inet_pton(AF_INET, address.c_str(), &v4) == 1) {
        return address + "/32";
    }
    if (::inet_pton(AF_INET6, address.c_str(), &v6) == 1) {
        return address + "/128";
    }
    throw std::invalid_argument("lab: '" + address + "' is not an IPv4 or IPv6 address");
}

std::string unique_name() {
    static std::atomic<int> counter{0};
    return "rdpmedic-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

} // namespace

NetworkNamespace::NetworkNamespace(const NamespaceOptions& options)
    : name_(unique_name()), ip_(tool("ip", "iproute2")) {
    std::vector<std::string> prefixes;
    for (const auto& address : options.loopback_addresses) {
        prefixes.push_back(host_prefix(address));
    }
    const auto file_of = [](const std::vector<std::string>& lines, const char* what) {
        std::string text;
        for (const auto& line : lines) {
            if (line.find('\n') != std::string::npos) {
                throw std::invalid_argument(std::string("lab: a ") + what + " line holds one line: '" + line + "'");
            }
            text += line + "\n";
        }
        return text;
    };
    const std::string hosts = file_of(options.hosts, "hosts");
    const std::string resolv_conf = file_of(options.resolv_conf, "resolv.conf");
    const std::string nft = options.nftables_rules.empty() ? std::string() : tool("nft", "nftables");
    try {
        // The hosts file first: `ip netns exec` looks for it each time it runs something.
        fs::create_directories(etc_folder(name_));
        std::ofstream(etc_folder(name_) / "hosts") << hosts;
        if (!resolv_conf.empty()) {
            std::ofstream(etc_folder(name_) / "resolv.conf") << resolv_conf;
        }
        run({ip_, "netns", "add", name_});
        created_ = true;
        run({ip_, "-n", name_, "link", "set", "lo", "up"});
        for (const auto& prefix : prefixes) {
            run({ip_, "-n", name_, "address", "add", prefix, "dev", "lo"});
        }
        if (!nft.empty()) {
            const detail::TempDir scratch;
            const fs::path rules = scratch.path() / "rules.nft";
            std::ofstream(rules) << options.nftables_rules;
            auto command = exec_prefix();
            command.insert(command.end(), {nft, "-f", rules.string()});
            run(command);
        }
    } catch (...) {
        remove();
        throw;
    }
}

NetworkNamespace::~NetworkNamespace() {
    remove();
}

void NetworkNamespace::remove() noexcept {
    try {
        if (created_) {
            run({ip_, "netns", "delete", name_});
            created_ = false;
        }
    } catch (...) {
        // Nothing runs inside any more; a namespace that cannot be deleted is left to `ip netns`.
    }
    std::error_code ignored;
    fs::remove_all(etc_folder(name_), ignored);
}

std::vector<std::string> NetworkNamespace::exec_prefix() const {
    return {ip_, "netns", "exec", name_};
}

} // namespace rdpmedic::lab
