#pragma once
/// The settings a front end uses: the user's own under the organization's policy, read from
/// this system's policy store, with strategy ids checked against the installed plugins.

#include "rdpmedic/core/policy.h"

namespace rdpmedic::app {

/// Each notice (a policy value ignored, a policy file refused) is also logged as a warning.
EffectiveSettings apply_policy(const Settings& user);

/// The ids of every plugin whose manifest could be read, loadable or not.
std::vector<std::string> installed_plugin_ids();

} // namespace rdpmedic::app
