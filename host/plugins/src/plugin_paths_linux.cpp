#include "rdpmedic/plugins/plugin_paths.h"

#include "rdpmedic/platform/file_permissions.h"
#include "rdpmedic/platform/own_executable.h"
#include "rdpmedic/platform/privileges.h"

#include <cstdlib>

#ifndef RDPMEDIC_INSTALL_LIBDIR
#define RDPMEDIC_INSTALL_LIBDIR "/usr/local/lib"
#endif
#ifndef RDPMEDIC_INSTALL_DATADIR
#define RDPMEDIC_INSTALL_DATADIR "/usr/local/share"
#endif

namespace rdpmedic::plugins {

namespace {

std::filesystem::path xdg(const char* variable, const char* fallback_under_home) {
    const char* value = std::getenv(variable);
    if (value != nullptr && value[0] == '/') {
        return value;
    }
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home != nullptr ? home : "/") / fallback_under_home;
}

} // namespace

PluginPaths default_plugin_paths() {
    PluginPaths paths;
    if (const auto system = absolute_path_from_environment("RDPMEDIC_SYSTEM_DIR"); !system.empty()) {
        paths.system_plugins = system / "plugins";
        paths.system_trust = system / "trusted-keys";
    } else {
        paths.system_plugins = std::filesystem::path(RDPMEDIC_INSTALL_LIBDIR) / "rdpmedic" / "plugins";
        paths.system_trust = std::filesystem::path(RDPMEDIC_INSTALL_DATADIR) / "rdpmedic" / "trusted-keys";
    }
    paths.user_plugins = xdg("XDG_DATA_HOME", ".local/share") / "rdpmedic" / "plugins";
    const std::filesystem::path config = xdg("XDG_CONFIG_HOME", ".config") / "rdpmedic";
    paths.user_trust = config / "trusted-keys";
    paths.developer_settings = config / "developer.json";
    if (running_with_admin_rights()) {
        // Root uses a user's folders only where no ordinary user could have put anything.
        for (auto* place : {&paths.user_plugins, &paths.user_trust, &paths.developer_settings}) {
            if (!only_administrators_can_change(*place)) {
                place->clear();
            }
        }
    }
    return paths;
}

std::filesystem::path policy_file() {
    if (auto configured = absolute_path_from_environment("RDPMEDIC_POLICY_FILE"); !configured.empty()) {
        return configured;
    }
    return "/etc/rdpmedic/policy.json";
}

std::string plugin_platform_id() { return "linux"; }

} // namespace rdpmedic::plugins
