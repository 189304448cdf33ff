#include "rdpmedic/platform/own_executable.h"

#include "rdpmedic/platform/wide_text.h"
#include "rdpmedic/platform/windows_api.h"

#include <cstdlib>

#include <vector>

namespace rdpmedic {

std::filesystem::path own_executable_file() {
    std::vector<wchar_t> name(MAX_PATH);
    for (;;) {
        const DWORD length = GetModuleFileNameW(nullptr, name.data(), static_cast<DWORD>(name.size()));
        if (length == 0) {
            return {};
        }
        if (length < name.size()) {
            return std::filesystem::path(std::wstring(name.data(), length));
        }
        name.resize(name.size() * 2); // truncated: a long path (\\?\ prefixed or long paths enabled)
    }
}

std::filesystem::path own_executable_dir() { return own_executable_file().parent_path(); }

std::string executable_file_name(std::string_view name) { return std::string(name) + ".exe"; }

bool is_executable_file(const std::filesystem::path& path) {
    std::error_code error;
    return std::filesystem::is_regular_file(path, error);
}

std::filesystem::path absolute_path_from_environment(const char* name) {
    const wchar_t* value = _wgetenv(widen(name).c_str());
    if (value == nullptr) {
        return {};
    }
    std::filesystem::path path(value);
    return path.is_absolute() ? path : std::filesystem::path();
}

} // namespace rdpmedic
