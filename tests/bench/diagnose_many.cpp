// `rdpmedic-cli diagnose --from FILE` over many distinct endpoints, beside the floor measured
// in the same run. Each endpoint has a name of its own in bench.test, which a real DNS server
// (dnsmasq) resolves to an address of its own in 127.0.0.0/8; nftables sends each address on
// to one of seven labs: healthy xrdp and faults that end within a step (accept-stall would
// only measure the step timeout). All of it inside a network namespace of the benchmark's own,
// whose resolv.conf names that DNS server: this program sets it up and runs itself again
// inside it (needs root, iproute2, nftables and dnsmasq).
//
// The floor is what any client pays for the same endpoints at the same concurrency: a lookup
// of the name, a TCP connect, the X.224 exchange and, where TLS is selected, the handshake
// (rdp_floor.h). Each round times the floor, then one CLI run; the figures are the medians.
// Every line the CLI prints is checked against what its endpoint is: its own address, looked
// up by name, and the verdict and finding its lab's fault must give.
// Prints figures; not a pass/fail test.
//
//   rdpmedic-bench-diagnose-many [TARGETS] [CONCURRENCY] [ROUNDS]   (1000, 32, 3)
#include "bench_report.h"
#include "dns_server.h"
#include "e2e_support.h"
#include "rdp_floor.h"
#include "rdpmedic/core/json.h"
#include "rdpmedic/lab/lab.h"
#include "rdpmedic/lab/network_namespace.h"
#include "temp_dir.h"

#include <openssl/ssl.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <vector>

using namespace rdpmedic;
using rdpmedic::bench::ms_since;
using rdpmedic::bench::Steady;

namespace {

constexpr const char* kInsideVariable = "RDPMEDIC_BENCH_DIAGNOSE_MANY";
constexpr const char* kDomain = "bench.test";
constexpr std::uint16_t kRdpPort = 3389;

/// What a lab serves and what the diagnosis of an endpoint behind it must say.
struct Kind {
    lab::FaultSpec fault;
    const char* cause;   ///< the verdict
    const char* finding; ///< a finding it must carry; empty for none
    bool floor_completes; ///< whether the floor gets as far as a finished TLS handshake
};

const std::vector<Kind>& kinds() {
    static const std::vector<Kind> all = {
        {{lab::Fault::Healthy}, "none", "", true},
        {{lab::Fault::PortClosed}, "port-blocked-or-host-down", "tcp.refused", false},
        {{lab::Fault::AcceptThenClose}, "server-refusing-connections", "x224.closed", false},
        {{lab::Fault::NegoFailure, 5}, "security-layer-mismatch", "x224.hybrid-required", false},
        {{lab::Fault::TlsSelfSigned}, "certificate-untrusted", "cert.self-signed", true},
        {{lab::Fault::TlsExpiredCert}, "certificate-expired", "cert.expired", true},
        {{lab::Fault::TlsVersionMismatch}, "tls-mismatch", "tls.version-mismatch", false},
    };
    return all;
}

struct Endpoint {
    std::string name;
    std::string address;
    const Kind* kind;
};

// Endpoint i goes to lab i % kinds: its address is 127.(20 + lab).x.y, unique per endpoint.
std::vector<Endpoint> endpoints(int count) {
    std::vector<Endpoint> out;
    for (int i = 0; i < count; ++i) {
        const auto lab_index = static_cast<std::size_t>(i) % kinds().size();
        const int n = i / static_cast<int>(kinds().size());
        char name[64];
        std::snprintf(name, sizeof name, "rdp-%04d.%s", i, kDomain);
        const std::string address = "127." + std::to_string(20 + lab_index) + "." + std::to_string(n / 250) + "." +
                                    std::to_string(n % 250 + 1);
        out.push_back({name, address, &kinds()[lab_index]});
    }
    return out;
}

// Each lab's addresses (127.(20 + lab).0.0/16), port 3389, on to that lab's port on 127.0.0.1.
std::string nat_rules(const std::vector<std::unique_ptr<lab::Lab>>& labs) {
    std::string rules = "table ip bench_many {\n chain output {\n  type nat hook output priority -100;\n";
    for (std::size_t i = 0; i < labs.size(); ++i) {
        rules += "  ip daddr 127." + std::to_string(20 + i) + ".0.0/16 tcp dport " + std::to_string(kRdpPort) +
                 " dnat to 127.0.0.1:" + std::to_string(labs[i]->port()) + "\n";
    }
    return rules + " }\n}\n";
}

/// The floor for every endpoint, `concurrency` at a time; how many ended otherwise than
/// their kind says.
int run_floor(SSL_CTX* ctx, const std::vector<Endpoint>& all, unsigned concurrency) {
    std::atomic<std::size_t> next{0};
    std::atomic<int> unexpected{0};
    {
        std::vector<std::jthread> workers;
        for (unsigned w = 0; w < concurrency; ++w) {
            workers.emplace_back([&] {
                for (std::size_t i = next++; i < all.size(); i = next++) {
                    if (bench::floor_once(ctx, all[i].name, kRdpPort) != all[i].kind->floor_completes) {
                        ++unexpected;
                    }
                }
            });
        }
    }
    return unexpected;
}

/// What is wrong with the CLI's line for `endpoint`; empty when it is what the endpoint is.
std::string mismatch(const std::string& line, const Endpoint& endpoint) {
    Diagnosis d;
    try {
        d = diagnosis_from_json(nlohmann::json::parse(line));
    } catch (const std::exception& error) {
        return std::string("not a diagnosis: ") + error.what();
    }
    if (d.target != endpoint.name) {
        return "target " + d.target;
    }
    const Layer* dns = d.layer("dns");
    if (dns == nullptr || dns->status != LayerStatus::Ok || dns->detail.contains("literal") ||
        d.addresses != std::vector<std::string>{endpoint.address}) {
        return "not resolved to " + endpoint.address + " by name";
    }
    if (d.verdict.cause != endpoint.kind->cause) {
        return "verdict " + d.verdict.cause + ", not " + endpoint.kind->cause;
    }
    const std::string wanted = endpoint.kind->finding;
    if (!wanted.empty() && std::none_of(d.findings.begin(), d.findings.end(),
                                        [&](const Finding& f) { return f.id == wanted; })) {
        return "no " + wanted + " finding";
    }
    return "";
}

/// A --from list: the endpoints' names, one a line.
void write_names(const std::filesystem::path& path, const std::vector<Endpoint>& endpoints) {
    std::ofstream out(path);
    for (const Endpoint& endpoint : endpoints) {
        out << endpoint.name << "\n";
    }
}

struct CliRun {
    double seconds = 0;
    double cpu_seconds = 0; ///< user + system time of the CLI
    int exit_code = -1;
    int lines = 0;
    int mismatches = 0;
    std::string first_mismatch;
};

double children_cpu_seconds() {
    rusage usage{};
    ::getrusage(RUSAGE_CHILDREN, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

CliRun run_cli(const std::string& command, const std::string& output, const std::vector<Endpoint>& all) {
    CliRun run;
    const double cpu_before = children_cpu_seconds();
    const auto start = Steady::now();
    const int rc = std::system(command.c_str());
    run.seconds = ms_since(start) / 1000.0;
    run.cpu_seconds = children_cpu_seconds() - cpu_before;
    run.exit_code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    std::ifstream in(output);
    for (std::string line; std::getline(in, line); ++run.lines) {
        const auto index = static_cast<std::size_t>(run.lines);
        const std::string wrong =
            index < all.size() ? mismatch(line, all[index]) : std::string("a line more than targets");
        if (!wrong.empty()) {
            if (run.mismatches++ == 0) {
                run.first_mismatch = "line " + std::to_string(index + 1) + ": " + wrong;
            }
        }
    }
    run.mismatches += std::max(0, static_cast<int>(all.size()) - run.lines);
    return run;
}

int run_inside(int targets, unsigned concurrency, int rounds) {
    std::vector<std::unique_ptr<lab::Lab>> labs;
    for (const Kind& kind : kinds()) {
        lab::LabOptions options;
        options.initial = kind.fault;
        // A farm's shared wildcard certificate: every endpoint is checked against its own name.
        options.server_name = std::string("*.") + kDomain;
        labs.push_back(std::make_unique<lab::Lab>(options));
    }
    const test::TempDir dir("rdpmedic-bench-many-");
    std::ofstream(dir.path() / "nat.nft") << nat_rules(labs);
    const e2e::CommandResult nft = e2e::run_command({"/usr/sbin/nft", "-f", (dir.path() / "nat.nft").string()});
    if (nft.exit_code != 0) {
        std::printf("diagnose-many: nft could not load the address rules: %s\n", nft.output.c_str());
        return 1;
    }
    const std::vector<Endpoint> all = endpoints(targets);
    std::vector<e2e::DnsRecord> records;
    for (const Endpoint& endpoint : all) {
        records.push_back({endpoint.name, endpoint.address});
    }
    const e2e::DnsServer dns(kDomain, records, dir.path());
    const auto list = dir.path() / "targets.txt";
    write_names(list, all);
    const std::string output = (dir.path() / "diagnoses.jsonl").string();
    const char* wrap = std::getenv("RDPMEDIC_BENCH_WRAP");
    const std::string command = std::string(wrap != nullptr ? wrap : "") + " " + RDPMEDIC_CLI + " diagnose --from " + list.string() +
                                " --concurrency " + std::to_string(concurrency) + " --ca " +
                                labs.front()->ca_certificate().string() + " > " + output;

    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    // One of each kind first: xrdp's first connection pays for loading its key, the CLI's
    // first run for loading from disk.
    const std::vector<Endpoint> warm_up(all.begin(), all.begin() + std::min<std::size_t>(all.size(), kinds().size()));
    run_floor(ctx, warm_up, concurrency);
    write_names(dir.path() / "warm-up.txt", warm_up);
    [[maybe_unused]] const int warmed = std::system((std::string(RDPMEDIC_CLI) + " diagnose --from " +
                                                     (dir.path() / "warm-up.txt").string() + " > /dev/null").c_str());

    std::printf("diagnose --from: %d named endpoints (dnsmasq, %zu labs: healthy xrdp and faults), concurrency %u, "
                "%d round(s)\n",
                targets, labs.size(), concurrency, rounds);
    std::vector<double> floors, totals;
    int floor_unexpected = 0;
    CliRun worst;
    for (int round = 0; round < rounds; ++round) {
        const auto start = Steady::now();
        floor_unexpected += run_floor(ctx, all, concurrency);
        floors.push_back(ms_since(start) / 1000.0);
        const CliRun run = run_cli(command, output, all);
        totals.push_back(run.seconds);
        std::printf("  round %d: floor %.3f s, diagnose %.3f s (ratio %.2f, CPU %.2f s), %d JSON lines, exit %d, %d not what "
                    "their endpoint is%s%s\n",
                    round + 1, floors.back(), run.seconds, run.seconds / floors.back(), run.cpu_seconds, run.lines, run.exit_code,
                    run.mismatches, run.first_mismatch.empty() ? "" : "; first: ", run.first_mismatch.c_str());
        if (round == 0 || run.mismatches > worst.mismatches) {
            worst = run;
        }
    }
    SSL_CTX_free(ctx);
    const double floor = bench::median(floors);
    const double total = bench::median(totals);
    const double ratio = floor > 0 ? total / floor : 0;
    std::printf("  medians: floor (lookup + TCP + X.224 + TLS) %.3f s (%d ended otherwise than their kind), "
                "diagnose %.3f s, %.2f ms per endpoint\n",
                floor, floor_unexpected, total, total * 1000.0 / targets);
    // Exit 1 is expected: the fault labs give error findings.
    const bench::Target time_target{"total wall time of one run", 2.0, "s", true};
    const bench::Target ratio_target{"ratio diagnose/floor", 1.3, "", true};
    bench::report(time_target, total);
    bench::report(ratio_target, ratio);
    bench::Table table("diagnose-many",
                       {"endpoints", "concurrency", "floor: lookup + TCP + X.224 + TLS", "diagnose --from",
                        "per endpoint", "ratio", "verdicts not as expected", "target " + time_target.text(),
                        "target ratio " + ratio_target.text()});
    table.row({std::to_string(targets) + " named (dnsmasq), " + std::to_string(labs.size()) + " labs",
               std::to_string(concurrency), bench::fixed(floor, 2) + " s", bench::fixed(total, 2) + " s",
               bench::fixed(total * 1000.0 / targets, 2) + " ms", bench::fixed(ratio, 2),
               std::to_string(worst.mismatches) + " of " + std::to_string(targets), bench::verdict(time_target, total),
               bench::verdict(ratio_target, ratio)});
    table.print();
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const int targets = argc > 1 ? std::clamp(std::atoi(argv[1]), 1, 60'000) : 1000;
    const unsigned concurrency = argc > 2 ? static_cast<unsigned>(std::clamp(std::atoi(argv[2]), 1, 1024)) : 32;
    const int rounds = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
    if (std::getenv(kInsideVariable) != nullptr) {
        return run_inside(targets, concurrency, rounds);
    }
    try {
        lab::NamespaceOptions options;
        options.hosts = {"127.0.0.1 localhost"};
        options.resolv_conf = {"nameserver 127.0.0.1"};
        const lab::NetworkNamespace ns(options);
        const e2e::CommandResult inside =
            e2e::run_self_in_namespace(ns, std::string(kInsideVariable) + "=1",
                                       {std::to_string(targets), std::to_string(concurrency), std::to_string(rounds)});
        std::fputs(inside.output.c_str(), stdout);
        return inside.exit_code;
    } catch (const std::exception& error) {
        std::printf("diagnose-many: could not run: %s\n", error.what());
        return 1;
    }
}
