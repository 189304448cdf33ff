#pragma once
/// Where plugins, trusted publisher keys and the developer setting live for this user.

#include <filesystem>
#include <string>
#include <vector>

namespace rdpmedic::plugins {

struct PluginPaths {
    std::filesystem::path system_plugins; ///< installed with rdpmedic
    std::filesystem::path user_plugins;   ///< this user's own
    std::filesystem::path system_trust;   ///< publisher keys trusted for every user
    std::filesystem::path user_trust;     ///< publisher keys this user trusts
    std::filesystem::path developer_settings;

    /// The folders that are set (a privileged process has no per-user ones).
    std::vector<std::filesystem::path> plugin_dirs() const { return set_of({system_plugins, user_plugins}); }
    std::vector<std::filesystem::path> trust_dirs() const { return set_of({system_trust, user_trust}); }

  private:
    static std::vector<std::filesystem::path> set_of(std::vector<std::filesystem::path> places) {
        std::erase_if(places, [](const auto& place) { return place.empty(); });
        return places;
    }
};

/// System folders under RDPMEDIC_SYSTEM_DIR (plugins, trusted-keys) when it is set to an
/// absolute path (tests, a staged build). Otherwise:
/// Linux: the install prefix's lib/rdpmedic/plugins and share/rdpmedic/trusted-keys; per-user
/// $XDG_DATA_HOME/rdpmedic/plugins, $XDG_CONFIG_HOME/rdpmedic/trusted-keys and
/// $XDG_CONFIG_HOME/rdpmedic/developer.json.
/// Windows: plugins and trusted-keys beside the executable (an installation puts them in
/// %ProgramFiles%\rdpmedic); per-user %LOCALAPPDATA%\rdpmedic\plugins,
/// %APPDATA%\rdpmedic\trusted-keys and %APPDATA%\rdpmedic\developer.json.
/// Linux, run as root (privilege decides trust): the per-user places are empty unless only
/// root can change them, and RDPMEDIC_SYSTEM_DIR counts only under the same rule.
PluginPaths default_plugin_paths();

/// Linux: the machine's policy file, /etc/rdpmedic/policy.json, or the absolute path in
/// RDPMEDIC_POLICY_FILE (tests) under the rule RDPMEDIC_SYSTEM_DIR follows: as root only when
/// only root can change what it names, and never when elevated for another user.
/// Windows: empty (policy is in the registry).
std::filesystem::path policy_file();

/// The name manifests use for this system in "platforms": "linux" or "windows".
std::string plugin_platform_id();

/// The per-user developer setting {"allow_unsigned_plugins": true}. Missing or unreadable
/// means false. It only ever applies in the unelevated worker.
bool developer_allows_unsigned(const std::filesystem::path& settings_file);

} // namespace rdpmedic::plugins
