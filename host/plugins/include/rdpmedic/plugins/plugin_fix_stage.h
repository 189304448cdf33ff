#pragma once
/// The supervisor's fix stage backed by plugins: every loadable plugin assesses the failure
/// and its diagnosis in the worker, the best score is applied, its system changes go through
/// the change host (journaled), and its per-connection overrides change the next attempt.
/// A plugin that faults is reported and skipped; the next best is tried.

#include "rdpmedic/core/supervisor.h"
#include "rdpmedic/plugins/change_host.h"
#include "rdpmedic/plugins/strategy_memory.h"
#include "rdpmedic/plugins/worker_client.h"

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace rdpmedic::plugins {

class PluginFixStage final : public FixStage {
  public:
    using Notice = std::function<void(const std::string&)>;
    /// Asked before a change the plugin marked as needing consent (lowering security, …);
    /// true carries it out. Without one such changes are never made, only reported.
    using Consent = std::function<bool(const std::string& plugin, const Change& change)>;

    /// Ranked: strategies in the order of their scores for this failure and diagnosis.
    /// Given: the strategies that apply (score > 0) in the order the folders were given (the
    /// user's own order). LoadOrder: every strategy in the order the folders were given,
    /// scores ignored (a baseline for the benchmark).
    enum class Order { Ranked, Given, LoadOrder };

    /// Changes that go through consent besides those the plugin marked as needing it.
    struct AskBefore {
        bool system_changes = false;     ///< anything system-wide or elevated (journaled)
        bool connection_changes = false; ///< overrides of the next attempt only
    };

    struct Candidate {
        std::string plugin;
        int score = 0;
        std::string reason;
    };

    /// `plugin_dirs`: folders of plugins that passed the checks (the worker checks again).
    PluginFixStage(std::vector<std::filesystem::path> plugin_dirs, WorkerClient& worker, ChangeHost& changes,
                   Notice notice = {});

    FixReport on_failure(const Failure& failure, const Diagnosis* diagnosis, int attempt,
                         ConnectRequest& next) override;
    /// Remembers, per target, the strategy whose change preceded the success.
    void on_connected(const ConnectRequest& request) override;
    /// Ends a wait for the administrator prompt's helper (see ChangeHost::cancel).
    void cancel() override { changes_.cancel(); }

    /// With a memory, the strategy that fixed this target last time goes first when it
    /// applies again (score > 0); the rest keep their ranking.
    void set_memory(StrategyMemory* memory) { memory_ = memory; }

    void set_consent(Consent consent) { consent_ = std::move(consent); }
    void set_ask_before(AskBefore ask) { ask_before_ = ask; }
    void set_order(Order order) { order_ = order; }
    /// The client and the arguments it gets before the request's own (the launcher's
    /// settings), so strategies see what the connection really asks for.
    void set_client(std::string name, std::vector<std::string> base_args) {
        client_name_ = std::move(name);
        base_args_ = std::move(base_args);
    }

    /// The other clients installed here that a strategy may hand the connection to
    /// (ConnectRequest::client); a "use client X" for any other is refused.
    void set_other_clients(std::vector<std::string> clients) { other_clients_ = std::move(clients); }

    /// The assessments of the last failure, best first (score > 0 only).
    const std::vector<Candidate>& last_ranking() const { return ranking_; }
    /// The strategy whose changes the last failure applied, "" when none.
    const std::string& last_applied() const { return last_applied_; }

  private:
    void load_once();
    /// Why the host refuses `change` from `plugin` outright (its manifest does not cover it, an
    /// address the diagnosis did not resolve, the user's own choice), empty when it may go on.
    std::string refusal(const std::string& plugin, const Change& change) const;
    /// Whether `plugin`'s manifest says its changes are system-wide (scope "system").
    bool system_wide(const std::string& plugin) const;
    /// Why the user must be asked before `change`, whatever the plugin's flags: it lowers
    /// security below what `next` asks for, or moves the connection and its credentials
    /// elsewhere. Empty when it need not.
    std::string consent_reason(const Change& change, const ConnectRequest& next) const;
    /// The user's own choice an override replaces ("/sec:rdp"), empty when there is none.
    std::string user_choice(const Change& change) const;
    /// Applies one strategy; true when it changed something.
    bool apply(const std::string& plugin, const nlohmann::json& context, ConnectRequest& next, FixReport& report);

    std::vector<std::filesystem::path> plugin_dirs_;
    WorkerClient& worker_;
    ChangeHost& changes_;
    Notice notice_;
    Consent consent_;
    AskBefore ask_before_;
    Order order_ = Order::Ranked;
    std::string client_name_;
    std::vector<std::string> base_args_;
    std::vector<std::string> other_clients_;
    StrategyMemory* memory_ = nullptr;
    std::string target_;       ///< the target as the user gave it, before any override
    std::string target_host_;  ///< its host part
    std::uint16_t target_port_ = 0;
    std::vector<std::string> user_args_; ///< the user's own client arguments (settings and request)
    ClientOverrides user_overrides_;     ///< the user's own typed choices
    std::vector<std::string> resolved_;  ///< the addresses the last diagnosis resolved the name to
    std::string no_system_change_;       ///< the last failure's Failure::no_system_change
    std::map<std::string, Manifest> manifests_; ///< by plugin id, as the host read them
    std::string fixed_by_;     ///< the last strategy that changed something in this connection
    std::vector<Candidate> ranking_;
    std::string last_applied_;
    bool loaded_ = false;
    std::vector<std::string> plugins_;
    std::set<std::string> used_; ///< each strategy is applied at most once per connection
};

/// Whether `change` may only be carried out with consent under `ask`.
bool needs_asking(const Change& change, PluginFixStage::AskBefore ask);

/// Moves `plugin`, if present, to the front; the others keep their order.
void prefer(std::vector<PluginFixStage::Candidate>& ranking, const std::string& plugin);

} // namespace rdpmedic::plugins
