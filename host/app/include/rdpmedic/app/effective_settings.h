#pragma once
/// The settings a front end uses: the user's own under the organization's policy, read from
/// this system's policy store, with strategy ids checked against the installed plugins.

#include "rdpmedic/core/policy.h"

#include <optional>
#include <string>
#include <vector>

namespace rdpmedic::app {

/// This system's policy as read: its layers, and, only when there is one, the installed
/// plugins its strategy ids are checked against. Read once; the user's settings change more
/// often than the policy does.
struct SystemPolicy {
    std::vector<PolicyLayer> layers;
    std::optional<std::vector<std::string>> plugin_ids;
};
SystemPolicy read_system_policy();

/// The user's settings under `policy`. Each notice (a policy value ignored, a policy file
/// refused) is also logged as a warning.
EffectiveSettings apply_policy(const Settings& user, const SystemPolicy& policy);
/// The same with the policy read now.
EffectiveSettings apply_policy(const Settings& user);

/// The ids of every plugin whose manifest could be read, loadable or not.
std::vector<std::string> installed_plugin_ids();

} // namespace rdpmedic::app
