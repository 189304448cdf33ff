// `rdpmedic-cli diagnose --from FILE` over many loopback targets: labs serving a mix of
// healthy xrdp and faults, the total wall time of one CLI run. Prints figures; not a
// pass/fail test. Usage: rdpmedic-bench-diagnose-many [TARGETS] [CONCURRENCY]
#include "bench_report.h"
#include "rdpmedic/lab/lab.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sys/wait.h>
#include <memory>
#include <string>
#include <vector>

using Steady = std::chrono::steady_clock;
namespace lab = rdpmedic::lab;

int main(int argc, char** argv) {
    const int targets = argc > 1 ? std::max(1, std::atoi(argv[1])) : 1000;
    const std::string concurrency = argc > 2 ? argv[2] : "32";
    // Faults that end within a step; accept-stall would only measure the step timeout.
    const std::vector<lab::FaultSpec> faults = {
        {lab::Fault::Healthy},           {lab::Fault::PortClosed},    {lab::Fault::AcceptThenClose},
        {lab::Fault::NegoFailure, 5},    {lab::Fault::TlsSelfSigned}, {lab::Fault::TlsExpiredCert},
        {lab::Fault::TlsVersionMismatch}};
    std::vector<std::unique_ptr<lab::Lab>> labs;
    for (const auto& fault : faults) {
        lab::LabOptions options;
        options.initial = fault;
        labs.push_back(std::make_unique<lab::Lab>(options));
    }
    const std::string list = "/tmp/rdpmedic-bench-targets.txt";
    {
        std::ofstream out(list);
        for (int i = 0; i < targets; ++i) {
            out << "127.0.0.1:" << labs[static_cast<std::size_t>(i) % labs.size()]->port() << "\n";
        }
    }
    const std::string output = "/tmp/rdpmedic-bench-targets.jsonl";
    const std::string command = std::string(RDPMEDIC_CLI) + " diagnose --from " + list +
                                " --concurrency " + concurrency + " --name localhost > " + output;
    const auto start = Steady::now();
    const int rc = std::system(command.c_str());
    const double total = std::chrono::duration<double>(Steady::now() - start).count();
    int lines = 0;
    std::ifstream in(output);
    for (std::string line; std::getline(in, line);) {
        ++lines;
    }
    std::printf("diagnose --from: %d loopback targets over %zu labs (healthy xrdp and faults), "
                "concurrency %s\n",
                targets, labs.size(), concurrency.c_str());
    // Exit 1 is expected: the fault labs give error findings.
    const int exit_code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    std::printf("  total %.2f s, %.2f ms per target, %d JSON lines, exit %d\n", total, total * 1000.0 / targets,
                lines, exit_code);
    const rdpmedic::bench::Target target{"total wall time of one run", 2.0, "s", true};
    rdpmedic::bench::report(target, total);
    rdpmedic::bench::Table table("diagnose-many", {"targets", "concurrency", "total", "per target", "JSON lines",
                                                   "target " + target.text()});
    table.row({std::to_string(targets) + " loopback (" + std::to_string(labs.size()) + " labs)", concurrency,
               rdpmedic::bench::fixed(total, 2) + " s", rdpmedic::bench::fixed(total * 1000.0 / targets, 2) + " ms",
               std::to_string(lines), rdpmedic::bench::verdict(target, total)});
    table.print();
    return 0;
}
