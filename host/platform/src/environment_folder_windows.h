#pragma once
// A folder named by an environment variable (LOCALAPPDATA, ProgramFiles, SystemRoot, …), read
// with GetEnvironmentVariableW so that it is the process's current value.

#include <filesystem>
#include <optional>

namespace rdpmedic {

/// The variable's value as a path; nullopt when it is unset or empty.
std::optional<std::filesystem::path> environment_folder(const wchar_t* name);

} // namespace rdpmedic
