// Recovery on each Linux scenario with an honest fix: time from the first failure to
// "connected" and attempts needed, strategies tried in the diagnosis' ranking vs in plain
// load order. The real xfreerdp, xrdp, probe, worker and the build's signed plugins.
//
//   rdpmedic-bench-strategies [ROUNDS]   (default 1; each round is one run per order)
#include "e2e_support.h"
#include "strategy_rig.h"

#include "rdpmedic/probe/probe.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace rdpmedic;
using namespace rdpmedic::e2e;

namespace {

struct Scenario {
    const char* name;
    const char* security_layer; ///< the lab's xrdp
    const char* client_arg;     ///< what the connection asks for
    bool consent;               ///< the user agrees to lowering security
};

struct Outcome {
    bool connected = false;
    int attempts = 0;
    double recovery_ms = 0;
    std::string first_tried;
};

Outcome run(const lab::Lab& lab, const Scenario& scenario, plugins::PluginFixStage::Order order) {
    StrategyRig rig(all_strategies(), {scenario.client_arg});
    rig.stage().set_order(order);
    if (scenario.consent) {
        rig.stage().set_consent([](const std::string&, const plugins::Change&) { return true; });
    }
    std::string first_tried;
    trust_lab_ca(lab);
    probe::Probe probe({lab.ca_certificate()});
    RunOptions options;
    options.max_attempts = 8;
    options.backoff = std::chrono::milliseconds(0);
    options.launcher_args = {scenario.client_arg};
    options.fixes = &rig.stage();
    options.diagnoser = &probe;
    options.on_event = [&](const SupervisorEvent&) {
        if (first_tried.empty()) {
            first_tried = rig.stage().last_applied();
        }
    };
    const auto result = supervise(lab, options);
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

} // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 1;
    const Scenario scenarios[] = {
        {"xrdp requires TLS, client asks /sec:rdp (0x904)", "tls", "/sec:rdp", false},
    };
    std::printf("strategy recovery, %d round(s) per order; recovery = first failure -> connected\n", rounds);
    std::printf("%-70s %-7s %9s %9s %12s  %s\n", "scenario", "order", "connected", "attempts", "recovery ms",
                "first strategy applied");
    for (const auto& scenario : scenarios) {
        lab::LabOptions options;
        options.xrdp_security_layer = scenario.security_layer;
        const lab::Lab lab(options);
        for (const auto order : {plugins::PluginFixStage::Order::Ranked, plugins::PluginFixStage::Order::LoadOrder}) {
            for (int round = 0; round < rounds; ++round) {
                const Outcome outcome = run(lab, scenario, order);
                std::printf("%-70s %-7s %9s %9d %12.0f  %s\n", scenario.name,
                            order == plugins::PluginFixStage::Order::Ranked ? "ranked" : "load",
                            outcome.connected ? "yes" : "no", outcome.attempts, outcome.recovery_ms,
                            outcome.first_tried.c_str());
                std::fflush(stdout);
            }
        }
    }
    return 0;
}
