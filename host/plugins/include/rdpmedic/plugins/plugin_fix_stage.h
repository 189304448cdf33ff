#pragma once
/// The supervisor's fix stage backed by plugins: every loadable plugin assesses the failure
/// and its diagnosis in the worker, the best score is applied, its system changes go through
/// the change host (journaled), and its per-connection overrides change the next attempt.
/// A plugin that faults is reported and skipped; the next best is tried.

#include "rdpmedic/core/supervisor.h"
#include "rdpmedic/plugins/change_host.h"
#include "rdpmedic/plugins/worker_client.h"

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace rdpmedic::plugins {

class PluginFixStage final : public FixStage {
  public:
    using Notice = std::function<void(const std::string&)>;

    /// `plugin_dirs`: folders of plugins that passed the checks (the worker checks again).
    PluginFixStage(std::vector<std::filesystem::path> plugin_dirs, WorkerClient& worker, ChangeHost& changes,
                   Notice notice = {});

    FixReport on_failure(const Failure& failure, const Diagnosis* diagnosis, int attempt,
                         ConnectRequest& next) override;

  private:
    void load_once();
    /// Applies one strategy; true when it changed something.
    bool apply(const std::string& plugin, const nlohmann::json& context, ConnectRequest& next, FixReport& report);

    std::vector<std::filesystem::path> plugin_dirs_;
    WorkerClient& worker_;
    ChangeHost& changes_;
    Notice notice_;
    bool loaded_ = false;
    std::vector<std::string> plugins_;
    std::set<std::string> used_; ///< each strategy is applied at most once per connection
};

} // namespace rdpmedic::plugins
