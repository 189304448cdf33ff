#include "rdpmedic/platform/own_executable.h"

#include "rdpmedic/platform/file_permissions.h"
#include "rdpmedic/platform/privileges.h"

#include <cstdlib>
#include <unistd.h>

namespace rdpmedic {

std::filesystem::path own_executable_file() {
    std::error_code error;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
    return error ? std::filesystem::path{} : exe;
}

std::filesystem::path own_executable_dir() { return own_executable_file().parent_path(); }

std::string executable_file_name(std::string_view name) { return std::string(name); }

bool is_executable_file(const std::filesystem::path& path) {
    std::error_code error;
    return std::filesystem::is_regular_file(path, error) && ::access(path.c_str(), X_OK) == 0;
}

std::filesystem::path absolute_path_from_environment(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || value[0] != '/' || elevated_for_another_user()) {
        return {};
    }
    // Root follows a path from its environment only to what no ordinary user can change.
    const std::filesystem::path path = value;
    return !running_with_admin_rights() || only_administrators_can_change(path) ? path : std::filesystem::path();
}

} // namespace rdpmedic
