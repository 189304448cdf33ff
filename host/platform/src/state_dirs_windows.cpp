#include "rdpmedic/platform/state_dirs.h"

#include <cstdlib>

namespace rdpmedic {

std::filesystem::path state_directory() {
    if (const wchar_t* local = _wgetenv(L"LOCALAPPDATA"); local && *local) {
        return std::filesystem::path(local) / L"rdpmedic";
    }
    if (const wchar_t* profile = _wgetenv(L"USERPROFILE"); profile && *profile) {
        return std::filesystem::path(profile) / L"AppData" / L"Local" / L"rdpmedic";
    }
    return std::filesystem::temp_directory_path() / L"rdpmedic";
}

std::filesystem::path config_directory() {
    if (const wchar_t* roaming = _wgetenv(L"APPDATA"); roaming && *roaming) {
        return std::filesystem::path(roaming) / L"rdpmedic";
    }
    return state_directory();
}

} // namespace rdpmedic
