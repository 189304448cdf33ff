#include "rdpmedic/app/effective_settings.h"

#include "rdpmedic/platform/policy_source.h"
#include "rdpmedic/plugins/discovery.h"
#include "rdpmedic/plugins/plugin_paths.h"

#include <spdlog/spdlog.h>

namespace rdpmedic::app {

std::vector<std::string> installed_plugin_ids() {
    const plugins::PluginPaths paths = plugins::default_plugin_paths();
    // Trust does not matter here: a policy may name a strategy that this user cannot load.
    std::vector<std::string> ids;
    for (const auto& plugin : plugins::discover_plugins(paths.plugin_dirs(), plugins::TrustStore{}, {})) {
        if (plugin.manifest) {
            ids.push_back(plugin.manifest->id);
        }
    }
    return ids;
}

SystemPolicy read_system_policy() {
    SystemPolicy policy;
    policy.layers = make_policy_source(plugins::policy_file())->read();
    if (!policy.layers.empty()) {
        policy.plugin_ids = installed_plugin_ids();
    }
    return policy;
}

EffectiveSettings apply_policy(const Settings& user) {
    return apply_policy(user, read_system_policy());
}

EffectiveSettings apply_policy(const Settings& user, const SystemPolicy& policy) {
    auto effective = effective_settings(user, policy.layers, policy.plugin_ids);
    for (const auto& notice : effective.notices) {
        spdlog::warn("{}", notice);
    }
    for (const auto& [key, origin] : effective.policy_origins) {
        spdlog::info("{} is set by policy ({})", key, origin);
    }
    return effective;
}

} // namespace rdpmedic::app
