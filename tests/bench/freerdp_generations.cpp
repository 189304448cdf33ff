// FreeRDP 3 next to FreeRDP 2 in one run, on one lab: the failure kind each generation gets
// for every lab fault (they must be equal), and the time from a failure on the wire (the lab
// closing the socket) to the first retry being launched, median and p95 over RUNS runs each.
#include "bench_report.h"
#include "e2e_support.h"
#include "freerdp_clients.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

using namespace rdpmedic;
using rdpmedic::bench::ms;
using rdpmedic::bench::percentile;
using rdpmedic::bench::Steady;
using S = SupervisorState;

namespace {

// What one attempt against the lab's current fault came to: "connected" or the failure kind.
std::string outcome_of(const lab::Lab& lab, const FreeRdpClient& client) {
    e2e::RunOptions options;
    options.client_path = client.path;
    options.connect_timeout = std::chrono::milliseconds(2500); // accept-stall ends here
    const auto run = e2e::supervise(lab, options);
    if (run.result.connected) {
        return "connected";
    }
    const auto* failed = run.first(S::Failed);
    return failed && failed->failure ? std::string(to_id(failed->failure->kind)) : "no outcome";
}

// Lab closes the socket -> the supervisor launches the retry, with no backoff in between.
std::vector<double> failure_to_retry(lab::Lab& lab, const FreeRdpClient& client, int runs) {
    lab.set_fault({lab::Fault::AcceptThenClose});
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        e2e::RunOptions options;
        options.client_path = client.path;
        options.max_attempts = 2;
        options.backoff = std::chrono::milliseconds(0);
        int launches = 0;
        std::optional<double> measured;
        options.on_event = [&](const SupervisorEvent& event) {
            if (event.state == S::Launching && ++launches == 2) {
                const auto now = Steady::now();
                const auto connections = lab.connections();
                if (!connections.empty() && connections.back().closed_by_lab) {
                    measured = ms(now - *connections.back().closed_by_lab);
                }
            }
        };
        e2e::supervise(lab, options);
        if (!measured) {
            std::fprintf(stderr, "run %d with %s did not fail and retry the expected way; stopping\n", i + 1,
                         e2e::describe(client).c_str());
            std::exit(1);
        }
        times.push_back(*measured);
    }
    return times;
}

} // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::atoi(argv[1]) : 10;
    if (runs < 1) {
        std::fprintf(stderr, "usage: rdpmedic-bench-freerdp-generations [RUNS]   (RUNS >= 1, default 10)\n");
        return 2;
    }
    spdlog::set_level(spdlog::level::warn); // the figures, not every launch line
    e2e::ensure_display();
    const auto& clients = e2e::freerdp_clients();
    lab::Lab lab;

    std::printf("failure kinds per lab fault, one attempt each, %zu FreeRDP generations on one lab\n", clients.size());
    std::printf("  %-22s", "fault");
    for (const auto& client : clients) {
        std::printf(" %-22s", ("FreeRDP " + client.version.to_string()).c_str());
    }
    std::printf(" same\n");
    int equal = 0;
    const auto faults = lab::all_faults();
    for (const auto& fault : faults) {
        lab.set_fault(fault);
        std::vector<std::string> outcomes;
        for (const auto& client : clients) {
            outcomes.push_back(outcome_of(lab, client));
        }
        const bool same = std::all_of(outcomes.begin(), outcomes.end(), [&](const auto& o) { return o == outcomes[0]; });
        equal += same ? 1 : 0;
        std::printf("  %-22s", lab::to_id(fault).c_str());
        for (const auto& outcome : outcomes) {
            std::printf(" %-22s", outcome.c_str());
        }
        std::printf(" %s\n", same ? "yes" : "NO");
    }
    std::printf("  told apart alike: %d of %zu faults\n", equal, faults.size());
    const bench::Target alike{"faults the generations tell apart differently", 0, "", true};
    const auto differently = static_cast<double>(faults.size()) - equal;
    bench::report(alike, differently);
    std::printf("\n");
    bench::Table table("freerdp-generations", {"FreeRDP", "lab faults told apart alike", "failure → first retry, median",
                                               "p95"});

    std::printf("failure -> first retry launched (lab closes the socket, accept-close; backoff 0), %d runs each\n", runs);
    for (const auto& client : clients) {
        const auto times = failure_to_retry(lab, client, runs);
        std::printf("  %-40s median %8.3f ms   p95 %8.3f ms\n", e2e::describe(client).c_str(), percentile(times, 0.5),
                    percentile(times, 0.95));
        table.row({client.version.to_string(),
                   std::to_string(equal) + " of " + std::to_string(faults.size()) + " (" +
                       bench::verdict(alike, differently) + ")",
                   bench::fixed(percentile(times, 0.5), 1) + " ms", bench::fixed(percentile(times, 0.95), 1) + " ms"});
    }
    table.print();
    return 0;
}
