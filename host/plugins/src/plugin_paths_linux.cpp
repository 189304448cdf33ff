#include "rdpmedic/plugins/plugin_paths.h"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

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
    const char* system = std::getenv("RDPMEDIC_SYSTEM_DIR");
    if (system != nullptr && system[0] == '/') {
        paths.system_plugins = std::filesystem::path(system) / "plugins";
        paths.system_trust = std::filesystem::path(system) / "trusted-keys";
    } else {
        paths.system_plugins = std::filesystem::path(RDPMEDIC_INSTALL_LIBDIR) / "rdpmedic" / "plugins";
        paths.system_trust = std::filesystem::path(RDPMEDIC_INSTALL_DATADIR) / "rdpmedic" / "trusted-keys";
    }
    paths.user_plugins = xdg("XDG_DATA_HOME", ".local/share") / "rdpmedic" / "plugins";
    const std::filesystem::path config = xdg("XDG_CONFIG_HOME", ".config") / "rdpmedic";
    paths.user_trust = config / "trusted-keys";
    paths.developer_settings = config / "developer.json";
    return paths;
}

bool developer_allows_unsigned(const std::filesystem::path& settings_file) {
    std::ifstream in(settings_file);
    if (!in) {
        return false;
    }
    const nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
    if (!json.is_object()) {
        return false;
    }
    const auto it = json.find("allow_unsigned_plugins");
    return it != json.end() && it->is_boolean() && it->get<bool>();
}

} // namespace rdpmedic::plugins
