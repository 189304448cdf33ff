#pragma once
/// Settings an organization sets by policy, and how they win over the user's own: the merge
/// and the checks, value by value, free of any OS (the readers are in host/platform).

#include "rdpmedic/core/settings.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rdpmedic {

/// Where a policy applies. A machine's policy wins over a user's.
enum class PolicyScope { Machine, User };

/// What one policy store holds, as read: keys are the settings' JSON names, values as the store
/// gives them (the registry's DWORD a number, REG_SZ a string, REG_MULTI_SZ an array of strings).
struct PolicyLayer {
    PolicyScope scope = PolicyScope::Machine;
    std::string origin; ///< where it was read: "/etc/rdpmedic/policy.json", "HKLM\Software\Policies\rdpmedic"
    nlohmann::json values = nlohmann::json::object();
    /// What the reader could not use at all (an unreadable, linked or malformed file), one
    /// sentence each; its values are then empty.
    std::vector<std::string> problems;
};

enum class SettingSource { Default, User, PolicyMachine, PolicyUser };

/// "default", "user", "policy (machine)", "policy (user)".
std::string_view to_id(SettingSource source);

enum class PolicyValueKind { Boolean, Number, Text, TextList };

/// A setting that can be set by policy: its JSON key, its registry value name, and what it takes.
struct PolicySetting {
    const char* key;           ///< "max_attempts", as in settings.json and policy.json
    const char* registry_name; ///< "MaxAttempts", under Software\Policies\rdpmedic
    PolicyValueKind kind;
    int low = 0;  ///< Number only: the range allowed
    int high = 0;
};

/// Every setting an organization may set, in the order `settings` lists them.
const std::vector<PolicySetting>& policy_settings();

/// The setting whose registry value is named `registry_name` (case-insensitive, as the registry).
const PolicySetting* policy_setting_for_registry_name(std::string_view registry_name);

/// The settings in use, each with where its value came from.
struct EffectiveSettings {
    Settings settings;
    std::map<std::string, SettingSource> sources; ///< every key of policy_settings()
    /// Where each value set by policy was read (the layer's origin), by key.
    std::map<std::string, std::string> policy_origins;
    /// Each policy value that was ignored and why, and each reader's problem: for the log and
    /// a notice in the front end.
    std::vector<std::string> notices;

    bool set_by_policy(const std::string& key) const;
    SettingSource source(const std::string& key) const;
};

/// `user` with every valid policy value put over it: a machine's layer first, then a user's. A
/// value of the wrong type, out of range, an unknown key or (when `known_plugins` is given) an
/// unknown strategy id in a list is left out with a notice; the rest of the layer still counts.
/// A value equal to the default counts as the default's.
EffectiveSettings effective_settings(const Settings& user, const std::vector<PolicyLayer>& layers,
                                     const std::optional<std::vector<std::string>>& known_plugins);

/// {"key": {"value": …, "source": "policy (machine)", "origin": …}, …} for `rdpmedic-cli settings --json`.
nlohmann::json to_json(const EffectiveSettings& effective);

} // namespace rdpmedic
