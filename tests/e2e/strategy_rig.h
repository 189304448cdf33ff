#pragma once
// The project's own strategies as a user's machine gets them: the plugin folders the build
// signed (stage/rdpmedic/plugins), trusted through the build's trust-store entry, loaded by the
// real worker into the real PluginFixStage. Unsigned plugins stay forbidden.

#include "e2e_support.h"
#include "plugin_sandbox.h"

#include "rdpmedic/plugins/change_host.h"
#include "rdpmedic/plugins/discovery.h"
#include "rdpmedic/plugins/plugin_fix_stage.h"
#include "rdpmedic/plugins/plugin_paths.h"
#include "rdpmedic/plugins/trust_store.h"
#include "rdpmedic/plugins/worker_client.h"
#include "rdpmedic/probe/probe.h"

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace rdpmedic::e2e {

/// Every strategy, in discovery (folder name) order: the benchmark's "load order".
inline const std::vector<std::string>& all_strategies() {
    static const std::vector<std::string> ids = {
        "rdpmedic.cert-advice",         "rdpmedic.client-fallback", "rdpmedic.dns-reset",  "rdpmedic.gateway-transport",
        "rdpmedic.ip-direct",           "rdpmedic.mtu-clamp",       "rdpmedic.security-negotiation",
        "rdpmedic.tls-compat",          "rdpmedic.udp-disable"};
    return ids;
}

/// Every strategy but `id`: what is left to show that the others do not fix `id`'s fault.
inline std::vector<std::string> all_strategies_but(const std::string& id) {
    std::vector<std::string> others;
    for (const auto& other : all_strategies()) {
        if (other != id) {
            others.push_back(other);
        }
    }
    return others;
}

class StrategyRig {
  public:
    /// `ids`: the strategies to load, in this order. `client_args`: what the connection asks of
    /// the client before any fix (the launcher's arguments).
    explicit StrategyRig(const std::vector<std::string>& ids, std::vector<std::string> client_args = {})
        : sandbox_(), paths_(stage_paths()), worker_({RDPMEDIC_FIXER_EXE, std::chrono::milliseconds(5000)}),
          changes_({RDPMEDIC_HELPER_EXE, sandbox_.journal()}),
          stage_(folders(ids), worker_, changes_, [this](const std::string& line) { notices.push_back(line); }) {
        stage_.set_client("xfreerdp", std::move(client_args));
    }

    plugins::PluginFixStage& stage() { return stage_; }
    plugins::WorkerClient& worker() { return worker_; }
    const PluginSandbox& sandbox() const { return sandbox_; }
    std::vector<std::string> notices;

    /// The build's signed plugin folder of a strategy.
    static std::filesystem::path folder(const std::string& id) {
        return std::filesystem::path(RDPMEDIC_STAGE_DIR) / "plugins" / id;
    }

  private:
    static int stage_paths() {
        // The build tree as the system install: its plugins and its trust-store entry.
        ::setenv("RDPMEDIC_SYSTEM_DIR", RDPMEDIC_STAGE_DIR, 1);
        return 0;
    }
    static std::vector<std::filesystem::path> folders(const std::vector<std::string>& ids) {
        const auto paths = plugins::default_plugin_paths();
        const auto trust = plugins::TrustStore::load(paths.trust_dirs());
        std::vector<std::filesystem::path> out;
        for (const auto& id : ids) {
            const auto checked = plugins::check_plugin(folder(id), trust, {false});
            if (checked.check != plugins::PluginCheck::Trusted) {
                throw std::runtime_error("the build's " + id + " does not pass the checks: " + checked.message);
            }
            out.push_back(folder(id));
        }
        return out;
    }

    PluginSandbox sandbox_;
    int paths_;
    plugins::WorkerClient worker_;
    plugins::ChangeHost changes_;
    plugins::PluginFixStage stage_;
};

/// The real supervisor against the lab, with the real probe (trusting the lab's CA) as its
/// diagnoser and `rig`'s strategies, if any, as its fix stage.
inline SupervisedRun supervise_with_strategies(const lab::Lab& lab, StrategyRig* rig, RunOptions options) {
    trust_lab_ca(lab);
    probe::Probe probe({lab.ca_certificate()});
    options.fixes = rig ? &rig->stage() : nullptr;
    options.diagnoser = &probe;
    return supervise(lab, options);
}

} // namespace rdpmedic::e2e
