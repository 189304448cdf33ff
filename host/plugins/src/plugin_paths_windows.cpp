#include "rdpmedic/plugins/plugin_paths.h"

#include "rdpmedic/platform/own_executable.h"
#include "rdpmedic/platform/state_dirs.h"

namespace rdpmedic::plugins {

PluginPaths default_plugin_paths() {
    PluginPaths paths;
    if (const auto system = absolute_path_from_environment("RDPMEDIC_SYSTEM_DIR"); !system.empty()) {
        paths.system_plugins = system / L"plugins";
        paths.system_trust = system / L"trusted-keys";
    } else {
        // An installation keeps everything in one folder under %ProgramFiles%, which only
        // administrators can change; discovery refuses plugin folders others could write.
        const std::filesystem::path installed = own_executable_dir();
        paths.system_plugins = installed / L"plugins";
        paths.system_trust = installed / L"trusted-keys";
    }
    paths.user_plugins = state_directory() / L"plugins";
    paths.user_trust = config_directory() / L"trusted-keys";
    paths.developer_settings = config_directory() / L"developer.json";
    return paths;
}

std::filesystem::path policy_file() { return {}; }

std::string plugin_platform_id() { return "windows"; }

} // namespace rdpmedic::plugins
