// Recovery on each Linux scenario with an honest fix: time from the first failure to
// "connected" and attempts needed, strategies tried in the diagnosis' ranking vs in plain
// load order. The real xfreerdp, xrdp, probe, worker and the build's signed plugins.
// The stale-address scenarios (ip-direct) and the stale DNS cache (dns-reset) run in a network
// namespace of their own: this program sets it up and runs itself again inside it (needs
// root, iproute2, nftables, dnsmasq and nscd).
//
//   rdpmedic-bench-strategies [ROUNDS]   (default 1; each round is one run per order)
#include "bench_report.h"
#include "e2e_support.h"
#include "stale_address.h"
#include "stale_dns_cache.h"
#include "strategy_rig.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace rdpmedic;
using namespace rdpmedic::e2e;

namespace {

struct Scenario {
    const char* name;
    const char* security_layer;           ///< the lab's xrdp
    std::vector<std::string> client_args; ///< what the connection asks for
    bool consent;                         ///< the user agrees to lowering security
    std::optional<StaleAddress> stale;    ///< the name lists this kind of stale address first
    bool tls10_only;                      ///< xrdp as an outdated server
    bool stale_cache;                     ///< the name's record moved, nscd holds the old one
};

const std::vector<Scenario>& scenarios() {
    static const std::vector<Scenario> all = {
        {"xrdp requires TLS, client asks /sec:rdp (0x904)", "tls", {"/sec:rdp"}, false, std::nullopt, false, false},
        {"xrdp speaks TLS 1.0 only, user consents to /tls-seclevel:0", "negotiate", {}, true, std::nullopt,
         true, false},
        {"name's first address drops packets (stale record, firewall)", "negotiate", {}, false,
         StaleAddress::Dropped, false, false},
        {"name's first address refuses (stale record, host without RDP)", "negotiate", {}, false,
         StaleAddress::Refused, false, false},
        {"name's DNS record moved, nscd still answers the old address", "negotiate", {}, false, std::nullopt,
         false, true},
    };
    return all;
}

struct Outcome {
    bool connected = false;
    int attempts = 0;
    double recovery_ms = 0;
    std::string first_tried;
};

Outcome run(const lab::Lab& lab, const Scenario& scenario, plugins::PluginFixStage::Order order) {
    StrategyRig rig(all_strategies(), scenario.client_args);
    rig.stage().set_order(order);
    if (scenario.consent) {
        rig.stage().set_consent([](const std::string&, const plugins::Change&) { return true; });
    }
    std::string first_tried;
    RunOptions options;
    options.max_attempts = 8;
    options.backoff = std::chrono::milliseconds(0);
    options.launcher_args = scenario.client_args;
    if (scenario.stale) {
        options.host = kStaleName;
    }
    if (scenario.stale_cache) {
        options.host = kCachedName;
    }
    options.on_event = [&](const SupervisorEvent&) {
        if (first_tried.empty()) {
            first_tried = rig.stage().last_applied();
        }
    };
    const auto result = supervise_with_strategies(lab, &rig, options);
    Outcome outcome;
    outcome.connected = result.result.connected;
    outcome.attempts = result.result.attempts;
    outcome.first_tried = first_tried.empty() ? "-" : first_tried;
    const auto* failed = result.first(SupervisorState::Failed);
    const auto* connected = result.first(SupervisorState::Connected);
    if (failed && connected) {
        outcome.recovery_ms =
            std::chrono::duration<double, std::milli>(connected->since_start - failed->since_start).count();
    }
    return outcome;
}

// One run's outcome, as a line a run inside a namespace hands back to the one outside.
struct Row {
    std::string scenario;
    std::string order; ///< "ranked" or "load"
    Outcome outcome;
};

constexpr const char* kRowTag = "outcome\t";

std::string row_line(const Row& row) {
    std::ostringstream line;
    line << kRowTag << row.scenario << '\t' << row.order << '\t' << row.outcome.connected << '\t'
         << row.outcome.attempts << '\t' << row.outcome.recovery_ms << '\t' << row.outcome.first_tried << '\n';
    return line.str();
}

std::optional<Row> parse_row_line(const std::string& line) {
    if (!line.starts_with(kRowTag)) {
        return std::nullopt;
    }
    std::istringstream in(line.substr(std::string(kRowTag).size()));
    Row row;
    std::string connected, attempts, recovery;
    if (!std::getline(in, row.scenario, '\t') || !std::getline(in, row.order, '\t') ||
        !std::getline(in, connected, '\t') || !std::getline(in, attempts, '\t') ||
        !std::getline(in, recovery, '\t') || !std::getline(in, row.outcome.first_tried)) {
        return std::nullopt;
    }
    row.outcome.connected = connected == "1";
    row.outcome.attempts = std::atoi(attempts.c_str());
    row.outcome.recovery_ms = std::atof(recovery.c_str());
    return row;
}

std::vector<Row> run_rounds(const Scenario& scenario, int rounds) {
    std::vector<Row> rows;
    lab::LabOptions options;
    options.xrdp_security_layer = scenario.security_layer;
    options.xrdp_tls10_only = scenario.tls10_only;
    if (scenario.stale) {
        options.server_name = kStaleName;
    }
    std::optional<StaleDnsCache> cache;
    if (scenario.stale_cache) {
        options.server_name = kCachedName;
        cache.emplace();
    }
    const lab::Lab lab(options);
    for (const auto order : {plugins::PluginFixStage::Order::Ranked, plugins::PluginFixStage::Order::LoadOrder}) {
        for (int round = 0; round < rounds; ++round) {
            if (cache) {
                cache->go_stale(); // every run meets the fault afresh
            }
            const Outcome outcome = run(lab, scenario, order);
            rows.push_back({scenario.name, order == plugins::PluginFixStage::Order::Ranked ? "ranked" : "load", outcome});
            std::printf("%-70s %-7s %9s %9d %12.0f  %s\n", scenario.name, rows.back().order.c_str(),
                        outcome.connected ? "yes" : "no", outcome.attempts, outcome.recovery_ms,
                        outcome.first_tried.c_str());
            std::fflush(stdout);
        }
    }
    return rows;
}

// "2, 1.48 s (security-negotiation)": the most attempts any round needed, the median recovery
// and the strategy the first round applied first; or how many rounds did not connect.
std::string cell(const std::vector<Row>& rows, const std::string& scenario, const std::string& order,
                 bool with_first) {
    int attempts = 0;
    int failed = 0;
    int count = 0;
    std::vector<double> recovery;
    std::string first;
    for (const auto& row : rows) {
        if (row.scenario != scenario || row.order != order) {
            continue;
        }
        ++count;
        if (!row.outcome.connected) {
            ++failed;
            continue;
        }
        attempts = std::max(attempts, row.outcome.attempts);
        recovery.push_back(row.outcome.recovery_ms / 1000.0);
        if (first.empty()) {
            first = row.outcome.first_tried;
        }
    }
    if (count == 0) {
        return "not run";
    }
    if (failed > 0) {
        return "not connected in " + std::to_string(failed) + " of " + std::to_string(count);
    }
    return std::to_string(attempts) + ", " + bench::fixed(bench::median(recovery), 2) + " s" +
           (with_first ? " (" + first + ")" : "");
}

// The most attempts any round of this scenario needed in this order; -1 when one did not connect.
int most_attempts(const std::vector<Row>& rows, const std::string& scenario, const std::string& order) {
    int most = 0;
    for (const auto& row : rows) {
        if (row.scenario == scenario && row.order == order) {
            most = row.outcome.connected && most >= 0 ? std::max(most, row.outcome.attempts) : -1;
        }
    }
    return most;
}

void report(const std::vector<Row>& rows) {
    bench::Table table("strategies", {"scenario", "ranked: attempts, recovery", "load order: attempts, recovery"});
    int not_recovered = 0;
    int ranked_worse = 0;
    for (const auto& scenario : scenarios()) {
        table.row({scenario.name, cell(rows, scenario.name, "ranked", true), cell(rows, scenario.name, "load", true)});
        const int ranked = most_attempts(rows, scenario.name, "ranked");
        const int load = most_attempts(rows, scenario.name, "load");
        not_recovered += ranked > 0 ? 0 : 1;
        ranked_worse += ranked > 0 && load > 0 && ranked > load ? 1 : 0;
    }
    bench::report({"scenarios ranked order did not recover", 0, "", true}, not_recovered);
    bench::report({"scenarios where ranked order needed more attempts than load order", 0, "", true}, ranked_worse);
    table.print();
}

} // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 1;
    // Inside a namespace: only the scenario it was set up for.
    if (std::getenv(kStaleCacheVariable) != nullptr) {
        for (const auto& scenario : scenarios()) {
            if (scenario.stale_cache) {
                for (const auto& row : run_rounds(scenario, rounds)) {
                    std::fputs(row_line(row).c_str(), stdout);
                }
            }
        }
        return 0;
    }
    if (const char* inside = std::getenv(kStaleVariable)) {
        for (const auto& scenario : scenarios()) {
            if (scenario.stale && std::string(to_id(*scenario.stale)) == inside) {
                for (const auto& row : run_rounds(scenario, rounds)) {
                    std::fputs(row_line(row).c_str(), stdout);
                }
            }
        }
        return 0;
    }
    std::printf("strategy recovery, %d round(s) per order; recovery = first failure -> connected\n", rounds);
    std::printf("%-70s %-7s %9s %9s %12s  %s\n", "scenario", "order", "connected", "attempts", "recovery ms",
                "first strategy applied");
    std::fflush(stdout);
    ensure_display(); // runs inside the namespaces share it through its socket file
    std::vector<Row> rows;
    for (const auto& scenario : scenarios()) {
        if (!scenario.stale && !scenario.stale_cache) {
            const auto more = run_rounds(scenario, rounds);
            rows.insert(rows.end(), more.begin(), more.end());
            continue;
        }
        try {
            const lab::NetworkNamespace ns(scenario.stale ? stale_first_namespace(*scenario.stale)
                                                          : dns_cache_namespace());
            const CommandResult inside =
                scenario.stale ? run_self_inside(ns, *scenario.stale, {std::to_string(rounds)})
                               : run_self_in_namespace(ns, std::string(kStaleCacheVariable) + "=1",
                                                       {std::to_string(rounds)});
            std::istringstream lines(inside.output);
            for (std::string line; std::getline(lines, line);) {
                if (const auto row = parse_row_line(line)) {
                    rows.push_back(*row);
                } else {
                    std::printf("%s\n", line.c_str());
                }
            }
            if (inside.exit_code != 0) {
                std::printf("%-70s could not finish (exit %d)\n", scenario.name, inside.exit_code);
            }
        } catch (const std::exception& error) {
            std::printf("%-70s could not run: %s\n", scenario.name, error.what());
        }
        std::fflush(stdout);
    }
    report(rows);
    return 0;
}
