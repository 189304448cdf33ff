#include "rdpmedic/platform/own_executable.h"

#include <initializer_list>

namespace rdpmedic {

std::filesystem::path find_project_executable(const char* variable, std::string_view name,
                                              std::string_view build_folder) {
    if (auto configured = absolute_path_from_environment(variable); !configured.empty()) {
        return configured;
    }
    const auto here = own_executable_dir();
    const std::string file = executable_file_name(name);
    // The installed places first; the build tree's folders only when nothing is installed.
    for (const auto& candidate : {here / file, here.parent_path() / "libexec" / "rdpmedic" / file,
                                  here.parent_path() / build_folder / file,
                                  here.parent_path().parent_path() / "host" / build_folder / file}) {
        if (is_executable_file(candidate)) {
            return candidate;
        }
    }
    return {};
}

} // namespace rdpmedic
