#pragma once
// Finding the project's own executables (rdpmedic-fixer, rdpmedic-helper, rdpmedic-session) beside the one
// that runs, in the build tree or in an installation.

#include <filesystem>
#include <string>
#include <string_view>

namespace rdpmedic {

/// The running executable; empty when it cannot be found.
std::filesystem::path own_executable_file();

/// The folder of the running executable; empty when it cannot be found.
std::filesystem::path own_executable_dir();

/// `name` as this system names executables: "rdpmedic-fixer", or "rdpmedic-fixer.exe".
std::string executable_file_name(std::string_view name);

/// A regular file this process may run.
bool is_executable_file(const std::filesystem::path& path);

/// The absolute path in environment variable `name` (RDPMEDIC_FIXER, …); empty when it is
/// unset or not absolute. Windows reads the UTF-16 environment, which holds every name.
/// Linux, run as root: also empty unless only root can change what it names, and always
/// empty when elevated for another user (privilege decides trust).
std::filesystem::path absolute_path_from_environment(const char* name);

/// One of the project's programs: the absolute path in environment variable `variable` when
/// set (see absolute_path_from_environment), else `name` beside this executable, in
/// ../libexec/rdpmedic, or in the build tree's `build_folder` (only when nothing is installed).
/// Empty when there is none.
std::filesystem::path find_project_executable(const char* variable, std::string_view name,
                                              std::string_view build_folder);

} // namespace rdpmedic
