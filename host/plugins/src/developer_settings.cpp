#include "rdpmedic/plugins/plugin_paths.h"

#include "rdpmedic/platform/file_permissions.h"
#include "rdpmedic/platform/privileges.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace rdpmedic::plugins {

bool developer_allows_unsigned(const std::filesystem::path& settings_file) {
    if (settings_file.empty() || (running_with_admin_rights() && !only_administrators_can_change(settings_file))) {
        return false; // a privileged process never takes a user's word for unsigned code
    }
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
