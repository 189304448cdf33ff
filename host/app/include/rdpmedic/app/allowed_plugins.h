#pragma once
/// The plugins as a connection finds them: every plugin folder checked against the publisher
/// keys the organization's policy allows. The fix stage, `rdpmedic-cli plugins list` and the
/// Plugins window all list them here, so none of them shows a plugin trusted that a connection
/// would refuse.

#include "rdpmedic/core/policy.h"
#include "rdpmedic/plugins/discovery.h"
#include "rdpmedic/plugins/plugin_paths.h"

#include <string>
#include <vector>

namespace rdpmedic::app {

/// Every plugin folder of `paths`, checked against the trusted keys and the developer
/// setting. When `allowed` names any key ids (policy's trusted_publisher_keys), a plugin
/// signed by another key is refused as SignerNotAllowed, with a message that says so.
std::vector<plugins::CheckedPlugin> discover_allowed_plugins(const plugins::PluginPaths& paths,
                                                             const std::vector<std::string>& allowed);

/// Why trusting publisher key `key_id` goes against the policy in `effective`, naming it, or
/// "" when it does not: a key the policy does not allow would look trusted, but its plugins
/// would still not load.
std::string key_refused_by_policy(const std::string& key_id, const EffectiveSettings& effective);

} // namespace rdpmedic::app
