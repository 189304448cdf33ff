#pragma once
/// The settings a connection would use now, for the commands that only show them or check
/// against them: the user's settings.json under the organization's policy.

#include "rdpmedic/core/policy.h"

#include <filesystem>
#include <string>
#include <vector>

namespace rdpmedic::cli {

struct SettingsInEffect {
    std::filesystem::path user_file; ///< the user's settings.json, which the tray writes
    EffectiveSettings effective;
    /// Why the user's file could not be used, then the policy's notices.
    std::vector<std::string> notices;
};

/// Reads the user's settings as the tray would, without the tray's repair of a bad file
/// (showing settings changes nothing), and puts the policy over them. The log goes to
/// rdpmedic.log only, so the command's output stays its own.
SettingsInEffect settings_in_effect();

/// "policy (machine): /etc/rdpmedic/policy.json" for a value set by policy, else its source.
std::string source_text(const EffectiveSettings& effective, const std::string& key);

} // namespace rdpmedic::cli
