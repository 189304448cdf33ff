#include "rdpmedic/app/allowed_plugins.h"

#include "rdpmedic/core/join.h"
#include "rdpmedic/core/path_text.h"
#include "rdpmedic/plugins/trust_store.h"

#include <algorithm>

namespace rdpmedic::app {

std::vector<plugins::CheckedPlugin> discover_allowed_plugins(const plugins::PluginPaths& paths,
                                                             const std::vector<std::string>& allowed) {
    auto found = plugins::discover_plugins(paths.plugin_dirs(), plugins::TrustStore::load(paths.trust_dirs()),
                                           {plugins::developer_allows_unsigned(paths.developer_settings)});
    if (allowed.empty()) {
        return found;
    }
    // Checked against every trusted key first, so a plugin refused here is one that would
    // load but for the policy, and its message can say that rather than "trust the key".
    for (auto& plugin : found) {
        if (plugin.check != plugins::PluginCheck::Trusted || !plugin.manifest ||
            std::find(allowed.begin(), allowed.end(), plugin.manifest->signer) != allowed.end()) {
            continue;
        }
        plugin.check = plugins::PluginCheck::SignerNotAllowed;
        plugin.library_file.reset();
        plugin.message = "plugin " + plugin.manifest->id + " (" + utf8_text(plugin.dir) +
                         ") refused: its signer " + plugin.manifest->signer +
                         " is trusted here, but your organization's policy lets only plugins signed by " +
                         join(allowed) + " load (trusted_publisher_keys)";
    }
    return found;
}

std::string key_refused_by_policy(const std::string& key_id, const EffectiveSettings& effective) {
    const auto& allowed = effective.settings.trusted_publisher_keys;
    if (allowed.empty() || std::find(allowed.begin(), allowed.end(), key_id) != allowed.end()) {
        return {};
    }
    const auto origin = effective.policy_origins.find("trusted_publisher_keys");
    return "key " + key_id + " is not among the publisher keys your organization's policy allows (" + join(allowed) +
           "; trusted_publisher_keys in " +
           (origin == effective.policy_origins.end() ? std::string("the policy") : origin->second) +
           "): its plugins would not load, so it is not trusted";
}

} // namespace rdpmedic::app
